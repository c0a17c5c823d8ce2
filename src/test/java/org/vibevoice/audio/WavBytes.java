package org.vibevoice.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for tests, including odd layouts real writers produce. */
final class WavBytes {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String riff = "RIFF";

    WavBytes rf64() {
        riff = "RF64";
        return this;
    }

    WavBytes fmt(int tag, int channels, int rate, int bits) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    WavBytes extensible(int subTag, int channels, int rate, int bits) {
        ByteBuffer b = le(40);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits).putShort((short) 22)
                .putShort((short) bits).putInt(0).putShort((short) subTag)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    WavBytes chunk(String id, byte[] body) {
        chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(le(4).putInt(body.length).array());
        chunks.writeBytes(body);
        if ((body.length & 1) == 1) {
            chunks.write(0);
        }
        return this;
    }

    /** A chunk whose size field says {@code declared} whatever the body. */
    WavBytes rawChunk(String id, long declared, byte[] body) {
        chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(le(4).putInt((int) declared).array());
        chunks.writeBytes(body);
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteBuffer b = le(12 + body.length);
        b.put(riff.getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length).put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
