package io.nearline.recall.behaviour;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The generator's event stream, a discrete-event simulation: sessions arrive as a day-modulated Poisson process, each
 * session walks a few steps (content views and ad impressions) and impressions schedule their clicks, repeat clicks
 * and conversions in the future. Only pending work is held, so memory stays bounded however many events are drawn.
 * The profile adds, when it asks for them, each user's last click (its successors shape the next impressions),
 * interests that drift by day, and impressions taken from a served recall.
 */
final class GeneratedEvents implements Iterator<BehaviourEvent> {

    private static final double MEAN_SESSION_STEPS = 8.0;
    private static final double DAY_MILLIS = 86_400_000.0;
    /** Amplitude of the daily cycle of session arrivals; the peak rate is (1 + amplitude) times the mean. */
    private static final double DAILY_AMPLITUDE = 0.6;
    private static final String[] PLACEMENTS = {"feed", "banner", "splash", "search"};

    private final BehaviourLogOptions options;
    private final SyntheticCatalogue catalogue;
    private final SyntheticUsers users;
    private final long startMillis;
    private final long offsetMillis;
    private final GeneratorProfile profile;
    private final ItemSuccessors successors;
    private final InterestDrift.Tracker interests;
    private final ServedRecall served;
    /** Each user's last clicked object, -1 before the first; null when the profile has no sequence structure. */
    private final int[] lastClick;
    private final SplittableRandom random;
    /** Draws of the served-recall hook, apart so that a hook that never answers leaves the log as it is. */
    private final SplittableRandom servedRandom;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.time).thenComparingLong(p -> p.seq));
    private final double peakArrivalGap;
    private final double interestClickBoost;
    private final double explorationClickBoost;
    private final Map<String, String>[] placementAttributes;
    private final Map<String, String>[] contentAttributes;
    private double nextArrival;
    private long scheduled;
    private long emitted;

    @SuppressWarnings("unchecked")
    GeneratedEvents(BehaviourLogOptions options, SyntheticCatalogue catalogue, SyntheticUsers users,
                    long startMillis, long offsetMillis, GeneratorProfile profile, ItemSuccessors successors,
                    InterestDrift drift, ServedRecall served) {
        this.options = options;
        this.catalogue = catalogue;
        this.users = users;
        this.startMillis = startMillis;
        this.offsetMillis = offsetMillis;
        this.profile = profile;
        this.successors = successors;
        this.interests = drift.tracker();
        this.served = served;
        this.lastClick = successors == null ? null : new int[users.userIds.length];
        if (lastClick != null) {
            Arrays.fill(lastClick, -1);
        }
        this.random = new SplittableRandom(Draws.subSeed(options.seed(), "events"));
        this.servedRandom = new SplittableRandom(Draws.subSeed(options.seed(), "served"));
        double adShare = 1.0 - options.contentViewShare();
        double eventsPerStep = options.contentViewShare() + adShare * (1.0 + options.clickThroughRate()
                * (1.0 + options.repeatClickRate() + options.conversionRate()));
        double sessions = Math.max(1.0, options.events() / (MEAN_SESSION_STEPS * eventsPerStep));
        this.peakArrivalGap = options.span().toMillis() / sessions / (1.0 + DAILY_AMPLITUDE);
        double e = options.explorationRate();
        // Interest impressions click three times as often as exploratory ones; the overall CTR stays the option's.
        this.interestClickBoost = 1.0 / ((1.0 - e) + e / 3.0);
        this.explorationClickBoost = interestClickBoost / 3.0;
        this.placementAttributes = new Map[PLACEMENTS.length];
        for (int i = 0; i < PLACEMENTS.length; i++) {
            placementAttributes[i] = Map.of("placement", PLACEMENTS[i]);
        }
        this.contentAttributes = new Map[catalogue.categories];
        for (int c = 0; c < catalogue.categories; c++) {
            contentAttributes[c] = Map.of("content_category", catalogue.categoryNames[c]);
        }
        this.nextArrival = startMillis;
    }

    @Override
    public boolean hasNext() {
        return emitted < options.events();
    }

    @Override
    public BehaviourEvent next() {
        Pending p = advance();
        String objectId = p.domain == Domain.CONTENT ? catalogue.contentIds[p.item] : catalogue.objectIds[p.item];
        return new BehaviourEvent("e" + emitted, users.userIds[p.user], objectId, p.action, p.domain,
                Instant.ofEpochMilli(p.time + offsetMillis), p.price, p.ecpm, p.attributes);
    }

    /** Runs to the end without building records; the time of the last event, before any offset, or start if none. */
    long drainToLastTime() {
        long last = startMillis;
        while (hasNext()) {
            last = advance().time;
        }
        return last;
    }

    private Pending advance() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + options.events() + " events produced");
        }
        while (true) {
            Pending head = queue.peek();
            if (head == null || (long) nextArrival < head.time) {
                arrive();
                continue;
            }
            queue.poll();
            emitted++;
            if (head.action == Action.CLICK && lastClick != null) {
                lastClick[head.user] = head.item;
            }
            return head.action == null ? step(head) : head;
        }
    }

    private void arrive() {
        long t = (long) nextArrival;
        // Arrivals peak at 12:00 UTC (evening in East Asia) and are lowest at midnight UTC.
        double phase = 2.0 * StrictMath.PI * (t - startMillis) / DAY_MILLIS - StrictMath.PI / 2.0;
        // Thinning: candidates come at the peak rate and are kept in proportion to the hour's rate.
        double keep = (1.0 + DAILY_AMPLITUDE * StrictMath.sin(phase)) / (1.0 + DAILY_AMPLITUDE);
        if (random.nextDouble() < keep) {
            int user = users.activity.sample(random);
            int focus = interests.at(user, day(t))[users.interestChoice[user].sample(random)];
            int steps = 1 + (int) (StrictMath.log(1.0 - random.nextDouble())
                    / StrictMath.log(1.0 - 1.0 / MEAN_SESSION_STEPS));
            schedule(Pending.step(t, user, focus, steps));
        }
        nextArrival += Draws.exponential(random, peakArrivalGap);
    }

    /** Turns a session step into its event (reusing the record) and schedules what follows it. */
    private Pending step(Pending s) {
        if (s.remaining > 1) {
            long gap = 2_000L + (long) Draws.logNormal(random, 15_000.0, 1.0);
            schedule(Pending.step(s.time + gap, s.user, s.focus, s.remaining - 1));
        }
        boolean explore = random.nextDouble() < options.explorationRate();
        int category = explore ? catalogue.categoryPopularity.sample(random) : s.focus;
        if (random.nextDouble() < options.contentViewShare()) {
            int[] items = catalogue.contentByCategory[category];
            return s.toEvent(Action.CONTENT_VIEW, Domain.CONTENT,
                    items[catalogue.contentRank[category].sample(random)], null, null, contentAttributes[category]);
        }
        int[] current = interests.at(s.user, day(s.time));
        int last = activeLastClick(s.user, current);
        int servedObject = servedObject(s);
        int object;
        if (servedObject >= 0) {
            object = servedObject;
        } else if (!explore && last >= 0 && random.nextDouble() < profile.successorProbability()) {
            object = successors.draw(last, random);
        } else {
            object = catalogue.objectsByCategory[category][catalogue.objectRank[category].sample(random)];
        }
        double ecpm = Draws.cents(catalogue.objectEcpm[object] * Draws.logNormal(random, 1.0, 0.2));
        Map<String, String> placement = placementAttributes[random.nextInt(PLACEMENTS.length)];
        boolean offInterest = servedObject >= 0
                ? !ItemSuccessors.contains(current, current.length, catalogue.objectCategory[object]) : explore;
        double ctr = options.clickThroughRate() * (offInterest ? explorationClickBoost : interestClickBoost);
        if (last >= 0 && successors.isSuccessor(last, object)) {
            ctr *= profile.successorClickBoost();
        }
        if (random.nextDouble() < ctr) {
            long clickTime = s.time + 1_000L + (long) Draws.logNormal(random, 4_000.0, 0.8);
            schedule(Pending.event(clickTime, s.user, Action.CLICK, object, null, ecpm, placement));
            if (random.nextDouble() < options.repeatClickRate()) {
                long repeatTime = clickTime + 1_000L + random.nextInt(9_000);
                schedule(Pending.event(repeatTime, s.user, Action.CLICK, object, null, ecpm, placement));
            }
            if (random.nextDouble() < options.conversionRate()) {
                long conversionTime = clickTime + 30_000L + (long) Draws.logNormal(random, 300_000.0, 1.0);
                schedule(Pending.event(conversionTime, s.user, Action.CONVERSION, object,
                        catalogue.objectPrice[object], null, placement));
            }
        }
        return s.toEvent(Action.IMPRESSION, Domain.AD, object, null, ecpm, placement);
    }

    /** The user's last click while its category is still one of their interests (it has successors), else -1. */
    private int activeLastClick(int user, int[] current) {
        if (lastClick == null || lastClick[user] < 0) {
            return -1;
        }
        int last = lastClick[user];
        return ItemSuccessors.contains(current, current.length, catalogue.objectCategory[last])
                && successors.of(last).length > 0 ? last : -1;
    }

    /** With a hook, for the profile's share of impressions: one of the objects it serves the user now, else -1. */
    private int servedObject(Pending s) {
        if (served == null || servedRandom.nextDouble() >= profile.servedShare()) {
            return -1;
        }
        List<String> ids = served.objectsFor(users.userIds[s.user], s.time + offsetMillis);
        if (ids == null || ids.isEmpty()) {
            return -1;
        }
        return catalogue.objectIndex(ids.get(servedRandom.nextInt(ids.size())));
    }

    private long day(long time) {
        return Math.max(0L, (time - startMillis) / InterestDrift.DAY_MILLIS);
    }

    private void schedule(Pending p) {
        p.seq = scheduled++;
        queue.add(p);
    }

    /** A session step still to walk (action null) or an event due at its time. */
    private static final class Pending {
        long time;
        long seq;
        int user;
        int focus;
        int remaining;
        Action action;
        Domain domain;
        int item;
        Double price;
        Double ecpm;
        Map<String, String> attributes;

        static Pending step(long time, int user, int focus, int remaining) {
            Pending p = new Pending();
            p.time = time;
            p.user = user;
            p.focus = focus;
            p.remaining = remaining;
            return p;
        }

        static Pending event(long time, int user, Action action, int item, Double price, Double ecpm,
                             Map<String, String> attributes) {
            Pending p = new Pending();
            p.time = time;
            p.user = user;
            return p.toEvent(action, Domain.AD, item, price, ecpm, attributes);
        }

        Pending toEvent(Action a, Domain d, int i, Double p, Double e, Map<String, String> attrs) {
            action = a;
            domain = d;
            item = i;
            price = p;
            ecpm = e;
            attributes = attrs;
            return this;
        }
    }
}
