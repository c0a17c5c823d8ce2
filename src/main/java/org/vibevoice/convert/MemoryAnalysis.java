package org.vibevoice.convert;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vibevoice.model.Component;

/** Weight bytes per model component before and after conversion, counted from the tensors written. */
public record MemoryAnalysis(List<Row> rows, long totalBefore, long totalAfter) {
    public record Row(Component component, int tensors, long before, long after) {
        public double savedPercent() {
            return before == 0 ? 0 : 100.0 * (before - after) / before;
        }
    }

    public static MemoryAnalysis of(List<TensorDecision> tensors) {
        Map<Component, long[]> acc = new EnumMap<>(Component.class);
        long before = 0;
        long after = 0;
        for (TensorDecision t : tensors) {
            long[] a = acc.computeIfAbsent(t.component(), c -> new long[3]);
            a[0]++;
            a[1] += t.bytesBefore();
            a[2] += t.bytesAfter();
            before += t.bytesBefore();
            after += t.bytesAfter();
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Component, long[]> e : acc.entrySet()) {
            rows.add(new Row(e.getKey(), (int) e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        }
        return new MemoryAnalysis(List.copyOf(rows), before, after);
    }

    public double savedPercent() {
        return totalBefore == 0 ? 0 : 100.0 * (totalBefore - totalAfter) / totalBefore;
    }

    public String render() {
        StringBuilder sb = new StringBuilder("memory analysis (weight bytes as written)\n");
        sb.append(String.format(Locale.ROOT, "  %-18s %8s %14s %14s %8s%n", "component", "tensors", "before", "after", "saved"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-18s %8d %14s %14s %7.1f%%%n", r.component().label(), r.tensors(),
                    ByteSize.format(r.before()), ByteSize.format(r.after()), r.savedPercent()));
        }
        sb.append(String.format(Locale.ROOT, "  %-18s %8s %14s %14s %7.1f%%%n", "total", "", ByteSize.format(totalBefore),
                ByteSize.format(totalAfter), savedPercent()));
        return sb.toString();
    }

    Map<String, Object> toJson() {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", r.component().label());
            m.put("tensors", r.tensors());
            m.put("bytes_before", r.before());
            m.put("bytes_after", r.after());
            m.put("saved_percent", round(r.savedPercent()));
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("components", list);
        out.put("total_bytes_before", totalBefore);
        out.put("total_bytes_after", totalAfter);
        out.put("saved_percent", round(savedPercent()));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
