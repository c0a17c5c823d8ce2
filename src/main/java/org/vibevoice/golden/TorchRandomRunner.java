package org.vibevoice.golden;

import java.util.List;
import java.util.Map;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.random.TorchGenerator;

/**
 * Kinds {@code torch_rand} and {@code torch_randn}: seeds a {@link TorchGenerator} with {@code in.seed}
 * and replays the draws the case metadata lists ({@code draws}: call, shape, path, memory_order; or
 * {@code calls} with {@code shapes}), concatenating the results in logical order.
 */
public final class TorchRandomRunner implements KindRunner {
    private final String kind;

    private TorchRandomRunner(String kind) {
        this.kind = kind;
    }

    public static TorchRandomRunner rand() {
        return new TorchRandomRunner("torch_rand");
    }

    public static TorchRandomRunner randn() {
        return new TorchRandomRunner("torch_randn");
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        TorchGenerator g = new TorchGenerator(c.in("seed").getLong(0));
        List<Draw> draws = draws(c);
        int total = 0;
        for (Draw d : draws) {
            total = Math.addExact(total, numel(d.shape));
        }
        float[] values = new float[total];
        int at = 0;
        for (Draw d : draws) {
            float[] v = switch (d.function) {
                case "torch.rand" -> g.rand(d.shape);
                case "torch.randn" -> g.randn(d.shape);
                case "torch.randn_like" -> g.randnLike(d.shape, d.memoryOrder == null ? identity(d.shape.length) : d.memoryOrder);
                default -> throw new VibeVoiceException(c.file() + ": unsupported draw '" + d.call + "'");
            };
            if (d.path != null && !d.path.equals("uniform")) {
                boolean batched = TorchGenerator.usesBatchedPath(d.shape, d.memoryOrder);
                if (batched != d.path.equals("batched")) {
                    throw new VibeVoiceException(c.file() + ": '" + d.call + "' is recorded on the " + d.path
                            + " path but the generator chose the other one");
                }
            }
            System.arraycopy(v, 0, values, at, v.length);
            at += v.length;
        }
        return new CaseOutputs().put("values", values);
    }

    private record Draw(String call, String function, int[] shape, String path, int[] memoryOrder) {
    }

    private static List<Draw> draws(GoldenCase c) {
        if (c.metadata().containsKey("draws")) {
            if (!(c.metaJson("draws") instanceof List<?> list)) {
                throw new VibeVoiceException(c.file() + ": metadata 'draws' is not a list");
            }
            return list.stream().map(o -> {
                if (!(o instanceof Map<?, ?> m) || !(m.get("call") instanceof String call)) {
                    throw new VibeVoiceException(c.file() + ": a draw without 'call'");
                }
                int[] order = m.get("memory_order") == null ? null : ints(c, m.get("memory_order"));
                return new Draw(call, function(c, call), ints(c, m.get("shape")),
                        m.get("path") instanceof String p ? p : null, order);
            }).toList();
        }
        if (!(c.metaJson("calls") instanceof List<?> calls) || !(c.metaJson("shapes") instanceof List<?> shapes)
                || calls.size() != shapes.size()) {
            throw new VibeVoiceException(c.file() + ": metadata 'calls' and 'shapes' are not lists of the same length");
        }
        return java.util.stream.IntStream.range(0, calls.size()).mapToObj(i -> {
            String call = String.valueOf(calls.get(i));
            return new Draw(call, function(c, call), ints(c, shapes.get(i)), null, null);
        }).toList();
    }

    /** The called function's name: everything before the first '('. */
    private static String function(GoldenCase c, String call) {
        int p = call.indexOf('(');
        if (p < 0) {
            throw new VibeVoiceException(c.file() + ": draw '" + call + "' is not a call");
        }
        return call.substring(0, p).strip();
    }

    private static int[] ints(GoldenCase c, Object o) {
        if (!(o instanceof List<?> l)) {
            throw new VibeVoiceException(c.file() + ": a draw shape or memory order is not a list");
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new VibeVoiceException(c.file() + ": a draw shape or memory order holds a non-number");
            }
            out[i] = n.intValue();
        }
        return out;
    }

    private static int[] identity(int rank) {
        int[] o = new int[rank];
        for (int i = 0; i < rank; i++) {
            o[i] = i;
        }
        return o;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
