package io.nearline.recall.tiering;

import io.nearline.recall.avro.BehaviourEvent;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A validated, immutable rule set: ARPU tiers with their trigger strategies, behaviour grades and the GPU budget. */
public final class TriggerRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final ArpuRules arpu;
    private final BehaviourGrades grades;
    private final List<UserTier> tiers;
    private final BudgetRules budget;
    private final Experiment experiment;

    /** Rules without an experiment: every user in the implicit arm. */
    TriggerRules(String version, ArpuRules arpu, BehaviourGrades grades, List<UserTier> tiers, BudgetRules budget) {
        this(version, arpu, grades, tiers, budget, Experiment.single());
    }

    /** Built by {@link TriggerRulesParser} after validation; tiers must be in ascending minArpu with rank = index. */
    TriggerRules(String version, ArpuRules arpu, BehaviourGrades grades, List<UserTier> tiers, BudgetRules budget,
                 Experiment experiment) {
        this.version = Objects.requireNonNull(version);
        this.arpu = Objects.requireNonNull(arpu);
        this.grades = Objects.requireNonNull(grades);
        this.tiers = List.copyOf(tiers);
        this.budget = Objects.requireNonNull(budget);
        this.experiment = Objects.requireNonNull(experiment);
        if (this.tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one tier is required");
        }
    }

    public String version() {
        return version;
    }

    /** These rules under another GPU budget, as rules of another version (what-if studies of a binding budget). */
    public TriggerRules withBudget(BudgetRules otherBudget, String otherVersion) {
        return new TriggerRules(otherVersion, arpu, grades, tiers, otherBudget, experiment);
    }

    public ArpuRules arpu() {
        return arpu;
    }

    public BehaviourGrades grades() {
        return grades;
    }

    /** Lowest tier first. */
    public List<UserTier> tiers() {
        return tiers;
    }

    public BudgetRules budget() {
        return budget;
    }

    /** The arms running under these rules; one implicit arm when the file declares none. */
    public Experiment experiment() {
        return experiment;
    }

    /** The tier of this name; asked on every behaviour, so a loop over the few tiers rather than a stream. */
    public Optional<UserTier> tier(String name) {
        for (UserTier tier : tiers) {
            if (tier.name().equals(name)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** The tier of users with no known ARPU. */
    public UserTier unknownTier() {
        return tier(arpu.unknownTier()).orElse(tiers.get(0));
    }

    public int grade(BehaviourEvent event) {
        return grades.of(event);
    }

    /**
     * The budget priority of a fire: the tier rank dominates, the behaviour grade orders requests within a tier,
     * so under pressure the lowest tiers wait or are shed first.
     */
    public static int priority(int tierRank, int grade) {
        return tierRank * (TieringOptions.MAX_GRADE + 1) + grade;
    }

    /** The tier rank a priority was built from. */
    public static int tierRankOf(int priority) {
        return priority / (TieringOptions.MAX_GRADE + 1);
    }

    @Override
    public String toString() {
        return "TriggerRules{version=" + version + ", arpu=" + arpu + ", grades=" + grades + ", tiers=" + tiers
                + ", budget=" + budget + ", arms=" + experiment.arms() + '}';
    }
}
