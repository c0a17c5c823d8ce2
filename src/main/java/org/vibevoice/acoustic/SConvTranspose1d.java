package org.vibevoice.acoustic;

import org.vibevoice.tensor.ConvTranspose1d;

/**
 * The decoder's causal SConvTranspose1d (spec §7.1): k = 2r, stride r, all k − r padding trimmed on
 * the right, so L input steps give L·r outputs and each output needs only the current and previous
 * input step, which are carried between chunks (zeros at the start = the original's empty state).
 */
final class SConvTranspose1d {
    final ConvTranspose1d conv;

    SConvTranspose1d(ConvTranspose1d conv) {
        this.conv = conv;
    }

    int context() {
        return conv.context();
    }

    int stride() {
        return conv.stride();
    }

    int forward(Workspace ws, StreamBuffer in, int t, StreamBuffer out) {
        int r = conv.stride();
        int ctx = conv.context();
        for (int j = 0; j < ws.active; j++) {
            int b = ws.slots[j];
            for (int i = 0; i < t; i++) {
                ws.inOff[j * t + i] = in.offset(b, i - ctx);
                ws.outOff[j * t + i] = out.offset(b, i * r);
            }
        }
        conv.forward(ws.runner, in.data, ws.inOff, ws.active * t, out.data, ws.outOff);
        in.keepHistory(t, ws.slots, ws.active);
        return t * r;
    }
}
