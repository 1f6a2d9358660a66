package io.nearline.recall.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listen ports for the cluster's processes, chosen before any of them starts, below the kernel's ephemeral range.
 * A port the kernel handed out and took back (a {@code ServerSocket(0)} closed again) is soon handed out again: to
 * the BLOB server a JobManager opens on port 0, or as the local end of any connection, and the process that was
 * to listen on it fails to bind (a fresh-clone CI run lost its JobManager so: REST and BLOB server on one port).
 * Below the range, only a process that asks for the port by number gets it.
 */
final class ReservedPorts {

    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, where the range cannot be read. */
    static final int DEFAULT_EPHEMERAL_START = 32768;
    /** The lowest port chosen: well above the registered services most machines run. */
    static final int LOWEST = 10000;

    private final int below;
    private final Set<Integer> given = new HashSet<>();

    private ReservedPorts(int below) {
        this.below = below;
    }

    /** Ports below this machine's ephemeral range. */
    static ReservedPorts belowEphemeralRange() {
        return new ReservedPorts(ephemeralStart(EPHEMERAL_RANGE));
    }

    /** Ports from {@link #LOWEST} up to, not including, {@code below} (tests). */
    static ReservedPorts below(int below) {
        return new ReservedPorts(below);
    }

    /** A port no process listens on now and not given before by this instance. */
    int next() throws IOException {
        if (below - LOWEST < 100) { // an odd range setting: leave the choice to the kernel, as before
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!given.contains(port) && bindable(port)) {
                given.add(port);
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + below + " after 1000 tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the ephemeral range in {@code rangeFile} ("low high"), or Linux's default. */
    static int ephemeralStart(Path rangeFile) {
        try {
            // read as a stream: a /proc file says it is empty, and a read sized by that stops early
            String line;
            try (var reader = Files.newBufferedReader(rangeFile)) {
                line = reader.readLine();
            }
            String[] range = line.trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
