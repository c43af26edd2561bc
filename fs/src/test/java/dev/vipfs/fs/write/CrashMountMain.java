package dev.vipfs.fs.write;

import java.nio.file.Path;

/** A mount in its own JVM, so a test can kill it with SIGKILL mid-operation. */
public final class CrashMountMain {
    private CrashMountMain() { }

    public static void main(String[] args) throws Exception {
        WriteFixture fx = new WriteFixture(Path.of(args[0])).mount();
        System.out.println("READY " + fx.mountpoint);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
