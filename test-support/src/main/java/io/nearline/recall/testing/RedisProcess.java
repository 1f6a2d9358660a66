package io.nearline.recall.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The process listening on a loopback TCP port, found through Linux's /proc (socket inode of the
 * listening socket, then the process holding it), so that a test can freeze (SIGSTOP) or kill a real
 * redis-server as an outage would.
 */
public final class RedisProcess {

    private final long pid;

    private RedisProcess(long pid) {
        this.pid = pid;
    }

    public static RedisProcess on(int port) throws IOException {
        String inode = listeningInode(port);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                if (process.getFileName().toString().chars().allMatch(Character::isDigit) && holds(process, inode)) {
                    return new RedisProcess(Long.parseLong(process.getFileName().toString()));
                }
            }
        }
        throw new IllegalStateException("no process holds the socket listening on port " + port);
    }

    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    public void awaitExit() throws InterruptedException {
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
    }

    private static String listeningInode(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            // fields: sl local_address rem_address st ... inode (10th)
            if (fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
                return fields[9];
            }
        }
        throw new IllegalStateException("nothing listens on port " + port);
    }

    private static boolean holds(Path process, String inode) {
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(socket);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
