package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourGenerator;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.BudgetOutcome;
import io.nearline.recall.tiering.GpuBudget;
import io.nearline.recall.tiering.RulesTriggerPolicy;
import io.nearline.recall.tiering.TriggerDecision;
import io.nearline.recall.tiering.TriggerRules;
import io.nearline.recall.tiering.TriggerState;
import io.nearline.recall.tiering.UserTier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replays a behaviour log in event time through one rule set, the GPU budget and a recall model, and scores what
 * the ad server would have served. Behaviours before the warm-start cut only build state (the model's input, the
 * objects each user has engaged with, the fallback's popularity), as the job's {@code bootstrap.until} does; from the
 * cut on, each fire is offered to the budget, an admitted request is answered with the model's recall of the input
 * at fire time after a drawn latency, and each <em>target</em> (an ad click or conversion on an object the user had
 * not clicked or converted on before) is scored on the recall that would be in Redis at its event time.
 */
public final class TradeOffSimulation {

    /**
     * @param cutMillis        behaviours before this event time are history: state only, no trigger, no score
     * @param latency          time from the budget's admission to the recall in Redis
     * @param depth            how many objects a recall holds and HR is measured at (10)
     * @param seed             seed of the latency draws
     * @param repeatWindowMs   the prompt's repeat window (prompt.clean.repeat-window-ms)
     * @param attributionMs    the prompt's attribution window (prompt.clean.attribution-window-ms)
     * @param maxInput         most input objects kept per user (the prompt's ad history bound)
     */
    public record Settings(long cutMillis, InferenceLatency latency, int depth, long seed, long repeatWindowMs,
                           long attributionMs, int maxInput) {

        /** The prompt's defaults: 30 min repeat window, 24 h attribution window, 50 input objects. */
        public static Settings withPromptDefaults(long cutMillis, InferenceLatency latency, int depth, long seed) {
            return new Settings(cutMillis, latency, depth, seed, 1_800_000, 86_400_000, 50);
        }
    }

    private record Fire(String user, String tier, long firedAt, long inputVersion, List<String> input) {}

    private record Timer(long at, long seq, String user) {}

    private final TriggerRules rules;
    private final RulesTriggerPolicy policy;
    private final GpuBudget<Fire> budget;
    private final Recommender model;
    private final ArpuSegments segments;
    private final Settings settings;
    private final SplittableRandom latencyDraws;
    private final PopularityFallback fallback;
    private final Map<String, TierTally> tallies = new LinkedHashMap<>();
    private final Map<String, TriggerState> states = new HashMap<>();
    private final Map<String, UserProfileUpdate> profiles = new HashMap<>();
    private final Map<String, ModelInput> inputs = new HashMap<>();
    private final Map<String, Set<String>> engaged = new HashMap<>();
    private final Map<String, ServedRecalls> served = new HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
    private long timerSeq;

    private TradeOffSimulation(TriggerRules rules, Recommender model, ArpuSegments segments, Settings settings) {
        this.rules = rules;
        this.policy = new RulesTriggerPolicy(rules);
        this.budget = new GpuBudget<>(rules.budget(), Clock.systemUTC(), Fire::user);
        this.model = model;
        this.segments = segments;
        this.settings = settings;
        this.latencyDraws = new SplittableRandom(settings.seed());
        this.fallback = new PopularityFallback(settings.depth());
        for (UserTier tier : rules.tiers()) {
            tallies.put(tier.name(), new TierTally());
        }
    }

    /** Replays {@code log} through {@code rules}; {@code model} gives the recall of an input, oldest object first. */
    public static TradeOffRun run(BehaviourLog log, TriggerRules rules, Recommender model, ArpuSegments segments,
                                  Settings settings) {
        TradeOffSimulation sim = new TradeOffSimulation(rules, model, segments, settings);
        return sim.replay(log, log.events());
    }

    /**
     * As {@link #run}, with the loop between recall and what users see closed: the generator draws a share of its
     * ad impressions from what the ad server would serve at that moment (the user's recall in Redis, else the
     * fallback), so each rule set is judged on the behaviour its own recalls bring about.
     */
    public static TradeOffRun runClosedLoop(BehaviourGenerator log, TriggerRules rules, Recommender model,
                                            ArpuSegments segments, Settings settings) {
        TradeOffSimulation sim = new TradeOffSimulation(rules, model, segments, settings);
        return sim.replay(log, log.events(sim::servedObjects));
    }

    private TradeOffRun replay(BehaviourLog log, Iterator<BehaviourEvent> events) {
        List<UserProfileUpdate> updates = new ArrayList<>(log.profiles());
        updates.sort(Comparator.comparing(UserProfileUpdate::getUpdateTime));
        int nextUpdate = 0;
        while (events.hasNext()) {
            BehaviourEvent event = events.next();
            long now = event.getEventTime().toEpochMilli();
            while (nextUpdate < updates.size() && updates.get(nextUpdate).getUpdateTime().toEpochMilli() <= now) {
                UserProfileUpdate p = updates.get(nextUpdate++);
                profiles.put(p.getUserId(), p);
            }
            if (now < settings.cutMillis()) {
                history(event);
            } else {
                live(event, now);
            }
        }
        fireTimersUntil(Long.MAX_VALUE);
        collect(Long.MAX_VALUE / 2);
        return new TradeOffRun(rules.version(), tallies);
    }

    /** What the ad server would serve the user at {@code time}: their recall in Redis, else their fallback. */
    private List<String> servedObjects(String user, long time) {
        if (time < settings.cutMillis()) {
            return List.of();
        }
        ServedRecalls recalls = served.get(user);
        ServedRecalls.Served recall = recalls == null ? null : recalls.peek(time);
        return recall != null ? recall.objects() : fallback.forSegment(segments.of(profiles.get(user)));
    }

    private void history(BehaviourEvent event) {
        String user = event.getUserId();
        input(user).append(event);
        if (isEngagement(event)) {
            engaged.computeIfAbsent(user, u -> new HashSet<>()).add(event.getObjectId());
            fallback.count(segments.of(profiles.get(user)), event.getObjectId());
        }
    }

    private void live(BehaviourEvent event, long now) {
        fireTimersUntil(now);
        collect(now);
        String user = event.getUserId();
        boolean target = isEngagement(event)
                && engaged.computeIfAbsent(user, u -> new HashSet<>()).add(event.getObjectId());
        long versionBefore = input(user).adVersion();
        boolean changed = input(user).append(event);
        TriggerState state = states.computeIfAbsent(user, u -> new TriggerState());
        long armed = state.wakeUpAt;
        TriggerDecision decision = policy.onBehaviour(profiles.get(user), event, changed, state);
        TierTally tally = tally(state.tier);
        tally.behaviours++;
        if (event.getDomain() == Domain.AD && event.getAction() == Action.IMPRESSION) {
            tally.impressions++;
        } else if (event.getDomain() == Domain.AD && event.getAction() == Action.CLICK) {
            tally.clicks++;
        }
        if (target) {
            score(user, event.getObjectId(), now, versionBefore, tally);
        }
        handle(user, decision, now, armed);
    }

    /** Scores a target at {@code now}; {@code inputVersion} is the user's input just before the target. */
    private void score(String user, String objectId, long now, long inputVersion, TierTally tally) {
        long[] cell = tally.cell(user);
        cell[TierTally.TARGETS]++;
        ServedRecalls.Served recall = served.computeIfAbsent(user, u -> new ServedRecalls()).at(now);
        List<String> objects;
        if (recall != null) {
            cell[TierTally.COVERED]++;
            tally.stalenessMs.add(now - recall.reflectsAt());
            tally.missedChanges.add(inputVersion - recall.inputVersion());
            objects = recall.objects();
        } else {
            objects = fallback.forSegment(segments.of(profiles.get(user)));
        }
        int rank = objects.indexOf(objectId);
        if (rank >= 0 && rank < settings.depth()) {
            cell[TierTally.HITS_WITH_FALLBACK]++;
            if (recall != null) {
                cell[TierTally.HITS_COVERED]++;
            }
        }
    }

    private void fireTimersUntil(long now) {
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            Timer timer = timers.poll();
            collect(timer.at());
            TriggerState state = states.get(timer.user());
            handle(timer.user(), policy.onTimer(profiles.get(timer.user()), timer.at(), state), timer.at(), 0);
        }
    }

    /** As the job does: a wait sets a timer unless the one pending at {@code armed} comes first. */
    private void handle(String user, TriggerDecision decision, long now, long armed) {
        if (decision.kind() == TriggerDecision.Kind.WAIT_UNTIL) {
            if (decision.needsTimer(armed)) {
                timers.add(new Timer(decision.timestamp(), timerSeq++, user));
            }
        } else if (decision.fires()) {
            ModelInput input = inputs.get(user);
            budget.offer(new Fire(user, decision.tier(), now, input.adVersion(), input.objects()),
                    decision.priority(), decision.tier(), now);
            collect(now);
        }
    }

    private void collect(long now) {
        for (BudgetOutcome<Fire> outcome : budget.poll(now)) {
            Fire fire = outcome.item();
            TierTally tally = tally(fire.tier());
            if (!outcome.admitted()) {
                tally.shed++;
                continue;
            }
            tally.calls++;
            long latency = settings.latency().sample(latencyDraws);
            if (latency == Long.MAX_VALUE) {
                tally.timedOut++;
                continue;
            }
            List<String> objects = model.recommend(fire.input(), settings.depth());
            served.computeIfAbsent(fire.user(), u -> new ServedRecalls()).add(new ServedRecalls.Served(
                    outcome.decidedAt() + latency, fire.firedAt(), fire.inputVersion(), objects));
        }
    }

    private ModelInput input(String user) {
        return inputs.computeIfAbsent(user,
                u -> new ModelInput(settings.repeatWindowMs(), settings.attributionMs(), settings.maxInput()));
    }

    private TierTally tally(String tier) {
        return tallies.computeIfAbsent(tier == null ? rules.unknownTier().name() : tier, t -> new TierTally());
    }

    private static boolean isEngagement(BehaviourEvent event) {
        return PopularityFallback.isEngagement(event);
    }
}
