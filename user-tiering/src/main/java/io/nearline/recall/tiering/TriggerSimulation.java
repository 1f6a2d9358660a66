package io.nearline.recall.tiering;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays a behaviour log through the job's own {@link RulesTriggerPolicy} and {@link GpuBudget}, with event time as
 * the only clock: profiles take effect at their update time, requested timers fire in time order between behaviours,
 * and fires are offered to the budget at the instant they happen.
 */
public final class TriggerSimulation {

    /** What the budget carries per fire: whose it is and how many of their behaviours its prompt would include. */
    private record Fire(String user, long behavioursIncluded) {}

    private record Timer(long at, long seq, String user) {}

    private final TriggerRules rules;
    private final RulesTriggerPolicy policy;
    private final GpuBudget<Fire> budget;
    private final SimulationReport.Builder report;
    private final Map<String, TriggerState> states = new HashMap<>();
    private final Map<String, UserProfileUpdate> profiles = new HashMap<>();
    private final Map<String, Long> behavioursPerUser = new HashMap<>();
    private final Map<String, Long> coveredPerUser = new HashMap<>();
    /** Event times of each user's behaviours no admitted inference has included yet, oldest first. */
    private final Map<String, ArrayDeque<Long>> uncovered = new HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
    private long timerSeq;

    private TriggerSimulation(TriggerRules rules, String logName) {
        this.rules = rules;
        this.policy = new RulesTriggerPolicy(rules);
        this.budget = new GpuBudget<>(rules.budget(), Clock.systemUTC(), Fire::user);
        this.report = new SimulationReport.Builder(logName, rules.version());
    }

    /** Replays at most {@code maxEvents} events of {@code log} (all of them when negative). */
    public static SimulationReport run(TriggerRules rules, BehaviourLog log, long maxEvents) {
        TriggerSimulation sim = new TriggerSimulation(rules, log.name());
        List<UserProfileUpdate> updates = new ArrayList<>(log.profiles());
        updates.sort(Comparator.comparing(UserProfileUpdate::getUpdateTime));
        int nextUpdate = 0;
        long replayed = 0;
        long last = Long.MIN_VALUE;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext() && (maxEvents < 0 || replayed < maxEvents); ) {
            BehaviourEvent event = it.next();
            long now = event.getEventTime().toEpochMilli();
            sim.fireTimersUntil(now);
            while (nextUpdate < updates.size() && updates.get(nextUpdate).getUpdateTime().toEpochMilli() <= now) {
                UserProfileUpdate p = updates.get(nextUpdate++);
                sim.profiles.put(p.getUserId(), p);
            }
            sim.behaviour(event, now);
            replayed++;
            last = Math.max(last, now);
        }
        sim.fireTimersUntil(Long.MAX_VALUE);
        long end = Math.max(last, sim.report.lastDecision()) + rules.budget().maxWaitMs() + 1;
        sim.collect(end);
        return sim.finish();
    }

    private void behaviour(BehaviourEvent event, long now) {
        String user = event.getUserId();
        long count = behavioursPerUser.merge(user, 1L, Long::sum);
        report.behaviour(now);
        uncovered.computeIfAbsent(user, u -> new ArrayDeque<>()).addLast(now);
        TriggerState state = states.computeIfAbsent(user, u -> new TriggerState());
        long armed = state.wakeUpAt;
        handle(user, policy.onBehaviour(profiles.get(user), event, state), now, count, armed);
    }

    private void fireTimersUntil(long now) {
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            Timer timer = timers.poll();
            TriggerState state = states.get(timer.user());
            TriggerDecision d = policy.onTimer(profiles.get(timer.user()), timer.at(), state);
            handle(timer.user(), d, timer.at(), behavioursPerUser.get(timer.user()), 0);
        }
    }

    /** As the job does: a wait sets a timer unless the one pending at {@code armed} comes first. */
    private void handle(String user, TriggerDecision decision, long now, long behavioursSoFar, long armed) {
        if (decision.kind() == TriggerDecision.Kind.WAIT_UNTIL) {
            if (decision.needsTimer(armed)) {
                timers.add(new Timer(decision.timestamp(), timerSeq++, user));
            }
        } else if (decision.fires()) {
            report.fired(decision.tier());
            budget.offer(new Fire(user, behavioursSoFar), decision.priority(), decision.tier(), now);
            collect(now);
        }
    }

    private void collect(long now) {
        for (BudgetOutcome<Fire> outcome : budget.poll(now)) {
            report.decided(outcome);
            if (outcome.admitted()) {
                Fire fire = outcome.item();
                long before = coveredPerUser.getOrDefault(fire.user(), 0L);
                ArrayDeque<Long> waiting = uncovered.get(fire.user());
                for (long i = before; i < fire.behavioursIncluded(); i++) {
                    report.covered(outcome.decidedAt() - waiting.pollFirst());
                }
                coveredPerUser.merge(fire.user(), fire.behavioursIncluded(), Math::max);
            }
        }
    }

    private SimulationReport finish() {
        Map<String, Long> usersPerTier = new HashMap<>();
        states.values().forEach(s -> usersPerTier.merge(s.tier, 1L, Long::sum));
        long covered = coveredPerUser.values().stream().mapToLong(Long::longValue).sum();
        return report.finish(rules.tiers().stream().map(UserTier::name).toList(), usersPerTier,
                behavioursPerUser.size(), coveredPerUser.size(), covered,
                budget.admittedByTier(), budget.shedByTier());
    }
}
