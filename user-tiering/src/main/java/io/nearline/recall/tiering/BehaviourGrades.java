package io.nearline.recall.tiering;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.io.Serializable;
import java.util.Arrays;

/** The value grade (0..{@value TieringOptions#MAX_GRADE}) of each behaviour kind, by domain and action. */
public final class BehaviourGrades implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[][] grades;

    private BehaviourGrades(int[][] grades) {
        this.grades = grades;
    }

    /**
     * The grades a rules file starts from: on ads a conversion is worth most, then a click, then an impression;
     * on content a conversion, a click, a view, an impression.
     */
    public static BehaviourGrades defaults() {
        int[][] g = new int[Domain.values().length][Action.values().length];
        set(g, Domain.AD, Action.CONVERSION, 4);
        set(g, Domain.AD, Action.CLICK, 3);
        set(g, Domain.AD, Action.CONTENT_VIEW, 1);
        set(g, Domain.AD, Action.IMPRESSION, 0);
        set(g, Domain.CONTENT, Action.CONVERSION, 3);
        set(g, Domain.CONTENT, Action.CLICK, 2);
        set(g, Domain.CONTENT, Action.CONTENT_VIEW, 1);
        set(g, Domain.CONTENT, Action.IMPRESSION, 0);
        return new BehaviourGrades(g);
    }

    /** A copy with one grade replaced. */
    public BehaviourGrades with(Domain domain, Action action, int grade) {
        if (grade < 0 || grade > TieringOptions.MAX_GRADE) {
            throw new IllegalArgumentException("grade must be in 0.." + TieringOptions.MAX_GRADE + ", was " + grade);
        }
        int[][] copy = new int[grades.length][];
        for (int i = 0; i < grades.length; i++) {
            copy[i] = grades[i].clone();
        }
        set(copy, domain, action, grade);
        return new BehaviourGrades(copy);
    }

    public int of(Domain domain, Action action) {
        return grades[domain.ordinal()][action.ordinal()];
    }

    public int of(BehaviourEvent event) {
        return of(event.getDomain(), event.getAction());
    }

    private static void set(int[][] g, Domain domain, Action action, int grade) {
        g[domain.ordinal()][action.ordinal()] = grade;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BehaviourGrades other && Arrays.deepEquals(grades, other.grades);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(grades);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("BehaviourGrades{");
        for (Domain d : Domain.values()) {
            s.append(d).append(Arrays.toString(grades[d.ordinal()])).append(' ');
        }
        return s.append('}').toString();
    }
}
