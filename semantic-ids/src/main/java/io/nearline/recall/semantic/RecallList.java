package io.nearline.recall.semantic;

import java.util.List;

/**
 * The final list of recalled objects, best first, and what was left out of it on the way.
 *
 * @param rejected   beams whose IDs name no object in delivery, with the reason
 * @param overLimit  beams left out because their prefix already had its share
 * @param duplicates beams naming an object already in the list
 */
public record RecallList(List<RankedObject> objects, List<Resolution.Rejected> rejected, int overLimit,
                         int duplicates) {}
