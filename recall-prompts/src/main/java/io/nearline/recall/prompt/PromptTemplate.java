package io.nearline.recall.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The versioned wording of a prompt: instruction, section labels, separators and markers, from a properties file. */
public record PromptTemplate(String version, String instruction, String profileLabel, String adHistoryLabel,
        String contentHistoryLabel, String interestsLabel, String recentAdsLabel, String recentContentLabel,
        String behaviourSeparator, String textSeparator, String conversionMarker, String impressionMarker,
        String countMarker, String unknownObject) {

    /** Loads a classpath resource; a missing key is an error naming it. */
    public static PromptTemplate load(String resource) {
        Properties p = new Properties();
        try (InputStream in = PromptTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("prompt template not found on the classpath: " + resource);
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PromptTemplate(req(p, resource, "version"), req(p, resource, "instruction"),
                req(p, resource, "label.profile"), req(p, resource, "label.ad-history"),
                req(p, resource, "label.content-history"), req(p, resource, "label.interests"),
                req(p, resource, "label.recent-ads"), req(p, resource, "label.recent-content"),
                req(p, resource, "separator.behaviour"), req(p, resource, "separator.text"),
                req(p, resource, "marker.conversion"), req(p, resource, "marker.impression"),
                req(p, resource, "marker.count"), req(p, resource, "unknown-object"));
    }

    private static String req(Properties p, String resource, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("prompt template " + resource + " lacks key " + key);
        }
        return v;
    }
}
