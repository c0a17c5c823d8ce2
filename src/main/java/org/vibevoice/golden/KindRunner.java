package org.vibevoice.golden;

/**
 * Computes the outputs of every case of one fixture kind through the engine's public module APIs.
 * Runners never look at case names or at the sizes of a particular model.
 */
public interface KindRunner {
    String kind();

    CaseOutputs run(GoldenCase c, GoldenContext ctx) throws Exception;
}
