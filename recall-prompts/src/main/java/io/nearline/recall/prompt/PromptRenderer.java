package io.nearline.recall.prompt;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Renders a {@link PromptState} as text in two parts: the long-term prefix (instruction, profile, frozen ad and
 * content history, the interest summary as last taken) and the recent part (recent ads, recent content), one section a line, empty
 * sections left out. Rendering is a pure function of the state, the template and one dictionary snapshot.
 */
public final class PromptRenderer {

    /** Dictionary feature through which category values render, whichever attribute they came from. */
    public static final String CATEGORY_FEATURE = "category";

    private final PromptTemplate template;
    private final PromptOptions options;
    private final TextDictionary dictionary;
    /** The unknown-object text split at its {@code {id}} placeholders, once: it is rendered for every such entry. */
    private final String[] unknownObjectParts;

    public PromptRenderer(PromptTemplate template, PromptOptions options, TextDictionary dictionary) {
        this.template = template;
        this.options = options;
        this.dictionary = dictionary;
        this.unknownObjectParts = template.unknownObject().split(Pattern.quote(ID_PLACEHOLDER), -1);
    }

    private static final String ID_PLACEHOLDER = "{id}";

    public String renderPrefix(PromptState state, DictionarySnapshot snapshot) {
        StringBuilder out = new StringBuilder(1024);
        out.append(template.instruction());
        List<String> profile = profileTexts(state, snapshot);
        if (!profile.isEmpty()) {
            out.append('\n').append(template.profileLabel()).append(' ')
                    .append(String.join(template.textSeparator(), profile));
        }
        section(out, template.adHistoryLabel(), state.frozenAd, snapshot);
        section(out, template.contentHistoryLabel(), state.frozenContent, snapshot);
        List<String> categories = new ArrayList<>();
        for (String c : state.summaryCategories) {
            categories.add(dictionary.render(snapshot, CATEGORY_FEATURE, c));
        }
        List<String> prefixes = state.summaryPrefixes;
        if (!categories.isEmpty() || !prefixes.isEmpty()) {
            out.append('\n').append(template.interestsLabel()).append(' ')
                    .append(String.join(template.textSeparator(), categories));
            if (!prefixes.isEmpty()) {
                out.append(categories.isEmpty() ? "" : "; ").append(String.join(template.textSeparator(), prefixes));
            }
        }
        return out.toString();
    }

    /** The recent part; empty, or starting with a line break so that prompt = prefix + recent. */
    public String renderRecent(PromptState state, DictionarySnapshot snapshot) {
        return recentSection(state, Domain.AD, snapshot) + recentSection(state, Domain.CONTENT, snapshot);
    }

    /** One domain's section of the recent part (ads, then content, make it up): empty, or a line break and a line. */
    String recentSection(PromptState state, Domain domain, DictionarySnapshot snapshot) {
        StringBuilder out = new StringBuilder(256);
        section(out, recentLabel(domain), state.recent(domain), snapshot);
        return out.toString();
    }

    /** {@code section}, a domain's recent section as rendered, with {@code entry} added as its newest. */
    String withNewest(String section, Domain domain, BehaviourEntry entry, DictionarySnapshot snapshot) {
        StringBuilder out = new StringBuilder(section.length() + 64);
        if (section.isEmpty()) {
            out.append('\n').append(recentLabel(domain));
        } else {
            out.append(section);
        }
        out.append(template.behaviourSeparator());
        entry(out, entry, snapshot);
        return out.toString();
    }

    private String recentLabel(Domain domain) {
        return domain == Domain.AD ? template.recentAdsLabel() : template.recentContentLabel();
    }

    private List<String> profileTexts(PromptState state, DictionarySnapshot snapshot) {
        Iterable<String> features = options.profileFeatures.isEmpty()
                ? new TreeSet<>(state.profile.keySet()) : options.profileFeatures;
        List<String> texts = new ArrayList<>();
        for (String feature : features) {
            String value = state.profile.get(feature);
            if (value != null && !value.isBlank()) {
                texts.add(dictionary.render(snapshot, feature, value));
            }
        }
        return texts;
    }

    private void section(StringBuilder out, String label, List<BehaviourEntry> entries, DictionarySnapshot snapshot) {
        if (entries.isEmpty()) {
            return;
        }
        out.append('\n').append(label);
        for (BehaviourEntry e : entries) {
            out.append(template.behaviourSeparator());
            entry(out, e, snapshot);
        }
    }

    /** One behaviour: its semantic ID (or the unknown-object fallback), feature texts, then markers. */
    void entry(StringBuilder out, BehaviourEntry e, DictionarySnapshot snapshot) {
        if (e.semanticId != null) {
            out.append(e.semanticId);
        } else if (options.unknownObject == PromptOptions.UnknownObject.UNKNOWN_TOKEN) {
            out.append("<unk>");
        } else {
            // the template with each placeholder replaced by the id, as String.replace would give it
            out.append(unknownObjectParts[0]);
            for (int i = 1; i < unknownObjectParts.length; i++) {
                out.append(e.objectId).append(unknownObjectParts[i]);
            }
        }
        for (String feature : options.behaviourFeatures) {
            String value = e.features.get(feature);
            if (value != null) {
                out.append(' ').append(dictionary.render(snapshot, feature, value));
            }
        }
        if (e.count > 1) {
            out.append(template.countMarker().replace("{n}", Integer.toString(e.count)));
        }
        if (e.showsConversion()) {
            out.append(template.conversionMarker());
        } else if (e.action == Action.IMPRESSION) {
            out.append(template.impressionMarker());
        }
    }
}
