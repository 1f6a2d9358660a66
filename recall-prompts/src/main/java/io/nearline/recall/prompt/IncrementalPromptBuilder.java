package io.nearline.recall.prompt;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a user's prompt incrementally: each behaviour is cleaned into the recent part; when a domain's recent part
 * outgrows {@code prompt.layout.recent-max}, its oldest block freezes into the long-term prefix. The prefix is
 * re-rendered only on a freeze, a budget cut, a profile change or a version change, so between those it stays
 * byte-identical and a server with prefix KV-cache reuse recomputes only the recent part. Serving and training
 * samples both go through this class, so they never disagree. Stateless apart from shared counters: safe to share.
 */
public final class IncrementalPromptBuilder {

    private final PromptOptions options;
    private final PromptTemplate template;
    private final TextDictionary dictionary;
    private final SemanticIdLookup semanticIds;
    private final ObjectCategories categories;
    private final TokenCounter tokens;
    private final PromptMetrics metrics;
    private final BehaviourCleaner cleaner;
    private final InterestSummary summary;
    private final PromptRenderer renderer;
    private final CutRule cutRule;
    private final RecentSections recentSections;

    public IncrementalPromptBuilder(PromptOptions options, PromptTemplate template, TextDictionary dictionary,
            SemanticIdLookup semanticIds, ObjectCategories categories, TokenCounter tokens, PromptMetrics metrics) {
        this.options = options;
        this.template = template;
        this.dictionary = dictionary;
        this.semanticIds = semanticIds;
        this.categories = categories;
        this.tokens = tokens;
        this.metrics = metrics;
        this.cleaner = new BehaviourCleaner(options);
        this.summary = new InterestSummary(options);
        this.renderer = new PromptRenderer(template, options, dictionary);
        this.cutRule = new CutRule(options);
        this.recentSections = new RecentSections(renderer, tokens);
    }

    /**
     * The template named by the options, no catalogue categories, and the tokenizer of {@code prompt.tokenizer}
     * (the token estimate when that is empty); an unreadable tokenizer is an IllegalArgumentException saying why.
     */
    public static IncrementalPromptBuilder create(PromptOptions options, TextDictionary dictionary,
            SemanticIdLookup semanticIds, PromptMetrics metrics) {
        return new IncrementalPromptBuilder(options, PromptTemplate.load(options.template), dictionary, semanticIds,
                ObjectCategories.NONE, tokenCounter(options), metrics);
    }

    /** The serving model's tokenizer when {@code prompt.tokenizer} names one, else the estimate. */
    public static TokenCounter tokenCounter(PromptOptions options) {
        if (options.tokenizer.isEmpty()) {
            return new EstimatedTokenCounter();
        }
        try {
            return WordLevelTokenizer.read(Path.of(options.tokenizer));
        } catch (IOException e) {
            throw new IllegalArgumentException("option prompt.tokenizer: " + e.getMessage(), e);
        }
    }

    /** The same builder taking categories the events lack from {@code source}. */
    public IncrementalPromptBuilder withCategories(ObjectCategories source) {
        return new IncrementalPromptBuilder(options, template, dictionary, semanticIds, source, tokens, metrics);
    }

    /** The same builder counting tokens with {@code counter} (the serving model's tokenizer). */
    public IncrementalPromptBuilder withTokenCounter(TokenCounter counter) {
        return new IncrementalPromptBuilder(options, template, dictionary, semanticIds, categories, counter, metrics);
    }

    /** Folds one behaviour (of this state's user, in event-time order) into the state. */
    public AppendOutcome append(PromptState state, BehaviourEvent event) {
        if (state.userId == null) {
            state.userId = event.getUserId();
        } else if (!state.userId.equals(event.getUserId())) {
            throw new IllegalArgumentException("event of user " + event.getUserId() + " appended to " + state.userId);
        }
        String sid = lookup(event.getObjectId());
        String category = category(event);
        AppendOutcome outcome = cleaner.clean(state, event, sid, category);
        if (outcome == AppendOutcome.IGNORED_IMPRESSION) {
            return outcome;
        }
        state.lastEventTime = Math.max(state.lastEventTime, event.getEventTime().toEpochMilli());
        if (outcome.isNewBehaviour()) {
            summary.count(state, category, sid);
        }
        DictionarySnapshot snapshot = dictionary.snapshot();
        boolean stale = isStale(state, snapshot);
        if (outcome == AppendOutcome.MERGED_REPEAT && !stale && state.prefixText != null) {
            return outcome; // a collapsed repeat changes no text
        }
        String oldPrefix = state.prefixText;
        String oldRecent = state.recentText;
        if (stale && state.prefixText != null) {
            relookup(state);
        }
        boolean prefixChanged = freeze(state, Domain.AD) | freeze(state, Domain.CONTENT);
        while (state.entryCount() > options.maxEntries && cutRule.cutOne(state) > 0) {
            prefixChanged = true;
        }
        int recentReused = -1;
        if (prefixChanged || stale || state.prefixText == null || !recentSections.holds(state)) {
            if (prefixChanged || stale || state.prefixText == null) {
                renderPrefix(state, snapshot);
            }
            renderRecent(state, snapshot);
        } else { // only the behaviour's domain changed
            recentReused = recentSections.renderDomain(state, snapshot, event.getDomain(),
                    outcome == AppendOutcome.NEW_ENTRY);
        }
        String rendered = state.recentText;
        enforceBudget(state, snapshot);
        metrics.countPrompt();
        // the reuse the section render counted holds unless the budget cut (and rendered) the prompt again
        boolean uncut = state.prefixText == oldPrefix && state.recentText == rendered;
        metrics.countReuse(recentReused >= 0 && uncut ? state.prefixTokens + recentReused
                : reusedTokens(oldPrefix, oldRecent, state), state.promptTokens);
        return outcome;
    }

    /** Merges profile attributes into the state; returns whether anything changed (then the prefix is re-rendered). */
    public boolean updateProfile(PromptState state, Map<String, String> attributes) {
        boolean changed = false;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            changed |= !Objects.equals(state.profile.put(a.getKey(), a.getValue()), a.getValue());
        }
        if (changed || state.prefixText == null) {
            refresh(state);
            metrics.countPrompt();
        }
        return changed;
    }

    /** The prompt as the model sees it now; renders first if the state was never rendered. */
    public Prompt render(PromptState state) {
        if (state.prefixText == null) {
            refresh(state);
        }
        int total = state.promptTokens;
        return new Prompt(state.userId, state.prefixText + state.recentText, total, state.prefixText.length(),
                state.prefixTokens, state.promptVersion, state.dictionaryVersion, state.semanticIdVersion,
                options.maxTokens > 0 && total > options.maxTokens);
    }

    /** Re-renders everything with the current template, dictionary and semantic IDs, then applies the budget. */
    public void refresh(PromptState state) {
        DictionarySnapshot snapshot = dictionary.snapshot();
        if (isStale(state, snapshot)) {
            relookup(state);
        }
        renderPrefix(state, snapshot);
        renderRecent(state, snapshot);
        enforceBudget(state, snapshot);
    }

    /** Text a full render of the state would give now, without touching its cached text (for checks and tools). */
    public String renderFromScratch(PromptState state) {
        DictionarySnapshot snapshot = dictionary.snapshot();
        return renderer.renderPrefix(state, snapshot) + renderer.renderRecent(state, snapshot);
    }

    public TokenCounter tokenCounter() {
        return tokens;
    }

    public PromptOptions options() {
        return options;
    }

    /** Tokens of the new prompt a prefix KV-cache holds from the previous one (see {@link PrefixReuse}). */
    private int reusedTokens(String oldPrefix, String oldRecent, PromptState state) {
        if (oldPrefix == null) {
            return 0;
        }
        if (oldPrefix == state.prefixText && tokens.additiveAcrossLines()) {
            // Prefix untouched: only the recent part (which starts at a line break) needs comparing.
            return state.prefixTokens + PrefixReuse.reusedTokens(oldRecent, state.recentText, tokens, 1);
        }
        return PrefixReuse.reusedTokens(oldPrefix + oldRecent, state.prefixText + state.recentText, tokens, 1);
    }

    private boolean freeze(PromptState state, Domain domain) {
        List<BehaviourEntry> recent = state.recent(domain);
        boolean froze = false;
        while (recent.size() > options.recentMax) {
            List<BehaviourEntry> block = recent.subList(0, options.blockSize);
            state.frozen(domain).addAll(block);
            block.clear();
            froze = true;
        }
        return froze;
    }

    private void enforceBudget(PromptState state, DictionarySnapshot snapshot) {
        if (options.maxTokens == 0 || state.promptTokens <= options.maxTokens) {
            return;
        }
        metrics.countBudgetCut();
        int target = (int) Math.floor(options.maxTokens * options.lowWater);
        while (state.promptTokens > target && cutRule.cutOne(state) > 0) {
            renderPrefix(state, snapshot);
            renderRecent(state, snapshot);
        }
    }

    private void renderPrefix(PromptState state, DictionarySnapshot snapshot) {
        state.summaryCategories = new ArrayList<>(summary.topCategories(state));
        state.summaryPrefixes = new ArrayList<>(summary.topPrefixes(state));
        state.prefixText = renderer.renderPrefix(state, snapshot);
        state.prefixTokens = tokens.count(state.prefixText);
        state.promptVersion = template.version();
        state.dictionaryVersion = snapshot.version();
        state.semanticIdVersion = semanticIds.version();
        state.prefixRenders++;
        metrics.countPrefixRender();
    }

    /** The recent part, its tokens and the prompt's; a tokenizer that does not add up over lines counts it whole. */
    private void renderRecent(PromptState state, DictionarySnapshot snapshot) {
        recentSections.renderWhole(state, snapshot);
    }

    private boolean isStale(PromptState state, DictionarySnapshot snapshot) {
        return !template.version().equals(state.promptVersion) || !snapshot.version().equals(state.dictionaryVersion)
                || !semanticIds.version().equals(state.semanticIdVersion);
    }

    private void relookup(PromptState state) {
        for (List<BehaviourEntry> part : List.of(state.frozenAd, state.frozenContent, state.recentAd,
                state.recentContent)) {
            for (BehaviourEntry e : part) {
                e.semanticId = lookup(e.objectId);
            }
        }
    }

    private String category(BehaviourEvent event) {
        for (String attribute : options.categoryAttributes) {
            String value = event.getAttributes().get(attribute);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return categories.category(event.getObjectId()).orElse(null);
    }

    private String lookup(String objectId) {
        String sid = semanticIds.render(objectId).orElse(null);
        metrics.countObject(sid != null);
        return sid;
    }
}
