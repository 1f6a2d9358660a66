package io.nearline.recall.prompt;

import io.nearline.recall.avro.Domain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to extend one user's prompt without rebuilding it: the cleaned behaviours split into a frozen
 * long-term part and a growing recent part per domain, summary counters, and the rendered text of both parts. A
 * Flink POJO; its size is bounded by the token budget and {@code prompt.state.max-entries}.
 */
public class PromptState {

    public String userId;

    /** Raw profile attributes (age bucket, gender, region ...), rendered through the dictionaries. */
    public Map<String, String> profile = new HashMap<>();

    public List<BehaviourEntry> frozenAd = new ArrayList<>();
    public List<BehaviourEntry> frozenContent = new ArrayList<>();
    public List<BehaviourEntry> recentAd = new ArrayList<>();
    public List<BehaviourEntry> recentContent = new ArrayList<>();

    /** Behaviours seen per raw category value, over the whole history (bounded, smallest dropped). */
    public Map<String, Long> categoryCounts = new HashMap<>();

    /** Behaviours seen per semantic-ID prefix, over the whole history (bounded, smallest dropped). */
    public Map<String, Long> prefixCounts = new HashMap<>();

    /** Top categories and prefixes as taken when the prefix was last rendered; the prompt shows these. */
    public List<String> summaryCategories = new ArrayList<>();
    public List<String> summaryPrefixes = new ArrayList<>();

    /** Rendered long-term prefix (instruction, profile, frozen history, interest summary); null until rendered. */
    public String prefixText;
    public int prefixTokens;

    /** Rendered recent part, appended to the prefix; empty when there are no recent behaviours. */
    public String recentText;
    public int recentTokens;

    /** Tokens of the whole prompt (prefix + recent). */
    public int promptTokens;

    /**
     * The recent part's two sections (ads, content) and their tokens as last rendered, and the recent text they made:
     * derived, not state (a restored state renders whole once), so that a behaviour re-renders only its domain's
     * section ({@link RecentSections}).
     */
    transient String adSection;
    transient String contentSection;
    transient int adSectionTokens;
    transient int contentSectionTokens;
    transient String sectionsMade;

    /** Versions the rendered text was made with; a change of any makes the next append re-render everything. */
    public String promptVersion;
    public String dictionaryVersion;
    public String semanticIdVersion;

    /** Event time of the newest behaviour appended. */
    public long lastEventTime;

    /** Behaviours cut for the token budget or the entry cap, over the state's life. */
    public long entriesCut;

    /** Times the whole prefix was re-rendered (freeze, cut, profile or version change). */
    public long prefixRenders;

    public PromptState() {
    }

    public static PromptState forUser(String userId) {
        PromptState state = new PromptState();
        state.userId = userId;
        return state;
    }

    public List<BehaviourEntry> frozen(Domain domain) {
        return domain == Domain.AD ? frozenAd : frozenContent;
    }

    public List<BehaviourEntry> recent(Domain domain) {
        return domain == Domain.AD ? recentAd : recentContent;
    }

    public int entryCount() {
        return frozenAd.size() + frozenContent.size() + recentAd.size() + recentContent.size();
    }
}
