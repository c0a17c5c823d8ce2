package org.vibevoice.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fixture kinds this engine implements, each with its runner. */
public final class KindRunners {
    private KindRunners() {
    }

    private static final List<KindRunner> ALL = List.copyOf(TokenizerRunners.all());

    public static Map<String, KindRunner> all() {
        Map<String, KindRunner> m = new LinkedHashMap<>();
        for (KindRunner r : ALL) {
            m.put(r.kind(), r);
        }
        return m;
    }
}
