package io.nearline.recall.job.budget;

import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.trace.TraceOutputs;
import io.nearline.recall.job.trace.TraceRecords;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.tiering.BudgetOutcome;
import io.nearline.recall.tiering.BudgetRules;
import io.nearline.recall.tiering.GpuBudget;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The global GPU budget: every recall request of the job passes this one instance (the job runs it
 * with parallelism 1 on a single key), which admits them at the rules' rate, highest priority first,
 * and sheds the lowest when they wait too long or the queue is full. Processing-time timers wake it
 * when the next token frees up. Requests still waiting are kept in checkpoints; after a restore they
 * are offered again, with the first request that arrives. A traced request that is shed ends here, and its
 * trace leaves on {@link TraceOutputs#TRACES}.
 */
public final class BudgetGate extends KeyedBroadcastProcessFunction<Integer, RecallRequest, String, RecallRequest>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** The single key all requests are routed to. */
    public static final int GATE = 0;

    private final RulesInForce rules;
    private transient List<GpuBudget<RecallRequest>> budgets;
    private transient BudgetRules budgetInForce;
    private transient MetricGroup metrics;
    private transient Counter admitted;
    private transient Counter shed;
    private transient Counter superseded;
    private transient Map<String, Counter> shedByTier;
    private transient ListState<RecallRequest> checkpointedQueue;
    private transient List<RecallRequest> restored;

    public BudgetGate(RulesInForce rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        budgets = new ArrayList<>();
        shedByTier = new HashMap<>();
        metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        admitted = metrics.counter(JobMetrics.BUDGET_ADMITTED);
        shed = metrics.counter(JobMetrics.BUDGET_SHED);
        superseded = metrics.counter(JobMetrics.BUDGET_SUPERSEDED);
        metrics.gauge("budget_in_use", () -> budgets.isEmpty() ? 0.0 : current().budgetInUse());
        metrics.gauge("budget_queued", () -> budgets.stream().mapToInt(GpuBudget::queued).sum());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<RecallRequest> queued = new ArrayList<>(restored);
        budgets.forEach(budget -> queued.addAll(budget.waiting()));
        checkpointedQueue.update(queued);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedQueue = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("waiting-requests", RecallRequest.class));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            checkpointedQueue.get().forEach(restored::add);
        }
    }

    @Override
    public void processBroadcastElement(String yaml, Context ctx, Collector<RecallRequest> out) {
        rules.apply(yaml);
    }

    @Override
    public void processElement(RecallRequest request, ReadOnlyContext ctx, Collector<RecallRequest> out) throws Exception {
        rules.syncWith(ctx.getBroadcastState(RulesBroadcast.STATE).get(RulesBroadcast.KEY));
        long now = ctx.timerService().currentProcessingTime();
        for (RecallRequest waiting : restored) {
            current().offer(waiting, waiting.priority, waiting.tier, now);
        }
        restored.clear();
        current().offer(request, request.priority, request.tier, now);
        drain(now, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RecallRequest> out) {
        drain(ctx.timerService().currentProcessingTime(), ctx, out);
    }

    /** The budget of the rules in force; a new budget starts when the rules change it, the old one drains. */
    private GpuBudget<RecallRequest> current() {
        BudgetRules wanted = rules.budget();
        if (!wanted.equals(budgetInForce)) {
            budgets.add(new GpuBudget<>(wanted, Clock.systemUTC(), request -> request.userId));
            budgetInForce = wanted;
        }
        return budgets.get(budgets.size() - 1);
    }

    private void drain(long now, ReadOnlyContext ctx, Collector<RecallRequest> out) {
        GpuBudget<RecallRequest> newest = current();
        long wakeUp = Long.MAX_VALUE;
        for (GpuBudget<RecallRequest> budget : budgets) {
            for (BudgetOutcome<RecallRequest> outcome : budget.poll(now)) {
                if (outcome.admitted()) {
                    admitted.inc();
                    outcome.item().admittedAt = outcome.decidedAt();
                    if (outcome.item().trace != null) {
                        outcome.item().trace.admittedAt = outcome.decidedAt();
                    }
                    out.collect(outcome.item());
                } else {
                    shed.inc();
                    if (outcome.shedReason() == BudgetOutcome.ShedReason.SUPERSEDED) {
                        superseded.inc();
                    }
                    shedByTier.computeIfAbsent(outcome.tier(),
                            tier -> metrics.addGroup("tier", tier).counter("shed")).inc();
                    if (outcome.item().trace != null) {
                        ctx.output(TraceOutputs.TRACES, TraceRecords.shed(outcome.item().trace,
                                String.valueOf(outcome.shedReason()), outcome.decidedAt()));
                    }
                }
            }
            wakeUp = Math.min(wakeUp, budget.nextWakeUp());
        }
        budgets.removeIf(budget -> budget != newest && budget.queued() == 0);
        if (wakeUp != Long.MAX_VALUE) {
            ctx.timerService().registerProcessingTimeTimer(Math.max(wakeUp, now + 1));
        }
    }
}
