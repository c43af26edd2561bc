import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CPU a random read of one full segment costs vipfs at least: SHA-256 of a 65,552-byte leaf
 * (the CID check) plus AES-256-GCM opening of it (the envelope segment), on the JDK that runs it.
 * Prints "sha_us gcm_us" medians per leaf after a warm-up long enough for C2.
 * Usage: java bench/LeafCost.java [ROUNDS]
 */
public final class LeafCost {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        byte[] plain = new byte[65536];
        new java.util.Random(1).nextBytes(plain);
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        byte[] nonce = new byte[12];
        Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
        seal.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] leaf = seal.doFinal(plain);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Cipher open = Cipher.getInstance("AES/GCM/NoPadding");
        long[] shaNs = new long[rounds], gcmNs = new long[rounds];
        byte[] out = new byte[65536];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            sha.update(leaf);
            byte[] d = sha.digest();
            long t1 = System.nanoTime();
            open.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            int n = open.doFinal(leaf, 0, leaf.length, out, 0);
            long t2 = System.nanoTime();
            if (n != plain.length || d[0] == 42 && d[1] == 42 && d[2] == 42) {
                out[0] ^= 1;
            }
            shaNs[i] = t1 - t0;
            gcmNs[i] = t2 - t1;
        }
        // Only the second half: the first runs in the interpreter and C1.
        long[] s = Arrays.copyOfRange(shaNs, rounds / 2, rounds), g = Arrays.copyOfRange(gcmNs, rounds / 2, rounds);
        Arrays.sort(s);
        Arrays.sort(g);
        System.out.printf("%.1f %.1f%n", s[s.length / 2] / 1000.0, g[g.length / 2] / 1000.0);
    }
}
