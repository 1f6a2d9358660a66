package io.nearline.recall.behaviour;

import java.util.List;

/**
 * What the ad server would serve a user now: the hook that closes the loop between recall and what the user sees.
 * The generator calls it while it walks a session, in event-time order, with every earlier event already emitted.
 */
@FunctionalInterface
public interface ServedRecall {

    /**
     * The marketing object ids recalled for this user at this instant (epoch milliseconds, on the log's own clock,
     * rebase included); empty or null when there is none. Ids the catalogue does not hold are ignored.
     */
    List<String> objectsFor(String userId, long eventTimeMillis);
}
