package org.vibevoice.convert;

import java.util.Locale;
import org.vibevoice.model.Component;
import org.vibevoice.model.PrecisionPolicy;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/**
 * What the converter did with one tensor: its precision before and after and why.
 *
 * @param rule the policy rule that chose the wanted precision
 * @param fallback why the wanted precision was refused by the range check (the tensor was then
 *     written as stored), or null
 */
public record TensorDecision(String name, Component component, long[] shape, DType stored, DType written,
        PrecisionPolicy.Rule rule, String fallback) {

    public long numel() {
        return Tensor.numel(shape);
    }

    public long bytesBefore() {
        return numel() * stored.bytes();
    }

    public long bytesAfter() {
        return numel() * written.bytes();
    }

    /** "converted", "kept f32: vector/scalar kept f32", "fallback: …". */
    public String why() {
        if (fallback != null) {
            return "fallback: " + fallback;
        }
        return rule == PrecisionPolicy.Rule.TARGET ? (stored == written ? "already target" : "converted") : rule.label();
    }

    /** One line for --verbose. */
    public String line() {
        return String.format(Locale.ROOT, "%-72s %-12s %4s -> %-4s %s", name, Tensor.numel(shape) + " el",
                lower(stored), lower(written), why());
    }

    static String lower(DType d) {
        return d.name().toLowerCase(Locale.ROOT);
    }
}
