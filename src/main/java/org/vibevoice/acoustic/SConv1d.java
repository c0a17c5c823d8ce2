package org.vibevoice.acoustic;

import org.vibevoice.tensor.Conv1d;

/**
 * The tokenizers' causal SConv1d (spec §7.1): left context = (k−1) − (stride−1) input steps
 * carried between chunks (zeros at the start), and a chunk whose length is not a multiple of the
 * stride is zero-padded on the right to ceil(L/stride)·stride, which reproduces the original's
 * non-streaming "extra" padding. Output length ceil(L/stride).
 */
final class SConv1d {
    final Conv1d conv;

    SConv1d(Conv1d conv) {
        this.conv = conv;
    }

    int context() {
        return conv.context();
    }

    int stride() {
        return conv.stride();
    }

    /** Consumes rows [0, t) of the call's samples of {@code in} and writes the outputs to rows [0, …) of out. */
    int forward(Workspace ws, StreamBuffer in, int t, StreamBuffer out) {
        int s = conv.stride();
        int tOut = (t + s - 1) / s;
        if (tOut * s > t) {
            in.zeroRows(t, tOut * s, ws.slots, ws.active);
        }
        int ctx = conv.context();
        for (int j = 0; j < ws.active; j++) {
            int b = ws.slots[j];
            for (int i = 0; i < tOut; i++) {
                ws.inOff[j * tOut + i] = in.offset(b, i * s - ctx);
                ws.outOff[j * tOut + i] = out.offset(b, i);
            }
        }
        conv.forward(ws.runner, in.data, ws.inOff, ws.active * tOut, out.data, ws.outOff);
        in.keepHistory(t, ws.slots, ws.active);
        return tOut;
    }
}
