package org.vibevoice.safetensors;

import java.lang.foreign.MemorySegment;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** A tensor to be written: its header entry, and a way to produce its bytes into the output file. */
public interface TensorSource {
    String name();

    DType dtype();

    long[] shape();

    /** Fills {@code dst}, which is exactly this tensor's little-endian byte span in the output. */
    void fill(MemorySegment dst);

    default long byteSize() {
        return Tensor.numel(shape()) * dtype().bytes();
    }

    /** Writes an existing tensor unchanged. */
    static TensorSource of(Tensor t) {
        return new TensorSource() {
            public String name() {
                return t.name();
            }

            public DType dtype() {
                return t.dtype();
            }

            public long[] shape() {
                return t.shape();
            }

            public void fill(MemorySegment dst) {
                MemorySegment.copy(t.data(), 0, dst, 0, t.data().byteSize());
            }
        };
    }
}
