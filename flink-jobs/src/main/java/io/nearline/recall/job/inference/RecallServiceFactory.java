package io.nearline.recall.job.inference;

import java.io.Serializable;

/** Creates a {@link RecallService} on each parallel instance; travels with the job graph. */
@FunctionalInterface
public interface RecallServiceFactory extends Serializable {

    RecallService create() throws Exception;
}
