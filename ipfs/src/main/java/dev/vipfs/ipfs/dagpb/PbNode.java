package dev.vipfs.ipfs.dagpb;

import java.util.List;

/** A dag-pb node: links in encoded order and optional data ({@code null} when absent). */
public record PbNode(List<PbLink> links, byte[] data) {
    /** Copies the link list so the node is immutable. */
    public PbNode {
        links = List.copyOf(links);
    }
}
