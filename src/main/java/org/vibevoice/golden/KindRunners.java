package org.vibevoice.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The fixture kinds this engine implements, each with its runner. */
public final class KindRunners {
    private KindRunners() {
    }

    private static final List<KindRunner> ALL = Stream.concat(
            Stream.of(new TokenizeRunner(), new LmPrefillRunner(), new LmEmbedsRunner(), new LmDecodeRunner(),
                    new DiffusionHeadRunner(), new SampleSpeechRunner(), TorchRandomRunner.rand(),
                    TorchRandomRunner.randn(), GenerateRunner.injected(), GenerateRunner.seeded(), new ProcessorRunner()),
            TokenizerRunners.all().stream()).toList();

    public static Map<String, KindRunner> all() {
        Map<String, KindRunner> m = new LinkedHashMap<>();
        for (KindRunner r : ALL) {
            m.put(r.kind(), r);
        }
        return m;
    }
}
