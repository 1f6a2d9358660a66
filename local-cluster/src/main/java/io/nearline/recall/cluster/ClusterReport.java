package io.nearline.recall.cluster;

import java.io.IOException;
import java.io.PrintStream;

/** What {@code bin/cluster status} (and {@code up}, when done) prints: each process, the job, where to look. */
final class ClusterReport {

    private ClusterReport() {}

    /** Prints the report; true when every long-running process is alive (the producer may have finished). */
    static boolean print(LocalCluster cluster, PrintStream out) throws IOException {
        ClusterStatus status = cluster.status();
        if (status.isEmpty()) {
            out.println("[cluster] no cluster in " + cluster.layout().dir() + " (bin/cluster up starts one)");
            return false;
        }
        boolean allAlive = true;
        for (String name : cluster.processNames()) {
            ClusterProcess process = cluster.process(name);
            boolean alive = process.alive();
            String state = alive ? "alive (pid " + process.pid().orElseThrow() + ")"
                    : name.equals(LocalCluster.PRODUCER) ? "finished or not started" : "DEAD";
            allAlive &= alive || name.equals(LocalCluster.PRODUCER);
            out.printf("  %-18s %s, log %s%n", name, state, cluster.layout().log(name));
        }
        FlinkRest rest = cluster.rest();
        try {
            for (FlinkRest.Job job : rest.jobs()) {
                FlinkRest.Checkpoints checkpoints = rest.checkpoints(job.id());
                out.printf("  job %s %s: %s, %d checkpoints completed (%d failed), restarts %d%n", job.name(),
                        job.id(), job.state(), checkpoints.completed(), checkpoints.failed(),
                        rest.jobMetric(job.id(), "numRestarts"));
            }
        } catch (IOException e) {
            out.println("  job: the JobManager's REST API does not answer (" + e.getMessage() + ")");
            allAlive = false;
        }
        out.println("  Flink UI and REST API   " + rest.url());
        out.println("  Redis                   127.0.0.1:" + status.get(ClusterStatus.REDIS_PORT)
                + " (recalls under recall:{USER})");
        out.println("  Kafka                   " + cluster.kafkaAddress());
        out.println("  inference server        127.0.0.1:" + status.get(ClusterStatus.INFERENCE_PORT)
                + " (gRPC), metrics http://127.0.0.1:" + status.get(ClusterStatus.INFERENCE_METRICS_PORT) + "/metrics");
        for (int i = 1; i <= cluster.options().taskManagers(); i++) {
            out.println("  " + LocalCluster.taskManager(i) + " metrics   http://127.0.0.1:"
                    + status.get(ClusterStatus.taskManagerMetricsPort(i)) + "/metrics (Prometheus; the job's under"
                    + " flink_taskmanager_job_task_operator_nearline_*)");
        }
        out.println("  state folder            " + cluster.layout().dir());
        return allAlive;
    }
}
