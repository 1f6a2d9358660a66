package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservedPortsTest {

    @Test
    void portsAreDistinct_belowTheEphemeralRange_andFreeWhenGiven() throws Exception {
        int start = ReservedPorts.ephemeralStart(ReservedPorts.EPHEMERAL_RANGE);
        ReservedPorts ports = ReservedPorts.belowEphemeralRange();
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = ports.next();
            assertTrue(port >= ReservedPorts.LOWEST && port < start, port + " outside " + ReservedPorts.LOWEST
                    + ".." + start);
            assertTrue(given.add(port), port + " given twice");
            try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, listening.getLocalPort());
            }
        }
    }

    @Test
    void theRangeIsReadFromTheKernelsFile_andLinuxsDefaultStandsInForAnUnreadableOne(@TempDir Path dir)
            throws Exception {
        Path range = Files.writeString(dir.resolve("range"), "40000\t60999\n");
        assertEquals(40000, ReservedPorts.ephemeralStart(range));
        assertEquals(ReservedPorts.DEFAULT_EPHEMERAL_START, ReservedPorts.ephemeralStart(dir.resolve("absent")));
        assertEquals(ReservedPorts.DEFAULT_EPHEMERAL_START,
                ReservedPorts.ephemeralStart(Files.writeString(dir.resolve("garbage"), "x y")));
    }

    @Test
    void aRangeTooNarrowBelowTheEphemeralOnes_leavesTheChoiceToTheKernel() throws Exception {
        int port = ReservedPorts.below(ReservedPorts.LOWEST + 10).next();
        assertTrue(port > 0);
    }
}
