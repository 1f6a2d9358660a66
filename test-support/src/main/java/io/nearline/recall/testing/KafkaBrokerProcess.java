package io.nearline.recall.testing;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafkaBroker#startKeeping} as a process of its own until it is stopped, for a local cluster
 * whose broker can be killed and restarted on the same folder and ports: {@code LOG_DIR PORT CONTROLLER_PORT}.
 */
public final class KafkaBrokerProcess {

    private KafkaBrokerProcess() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerProcess LOG_DIR PORT CONTROLLER_PORT");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startKeeping(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-broker-stop"));
        System.out.println("kafka broker (KRaft) at " + broker.bootstrapServers() + ", log directory " + args[0]);
        stopped.await();
    }
}
