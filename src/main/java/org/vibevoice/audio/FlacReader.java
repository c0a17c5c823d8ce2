package org.vibevoice.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;
import org.vibevoice.VibeVoiceException;

/** FLAC through jflac's decoder (pure Java): 8 to 24-bit, any channel count, averaged to mono. */
final class FlacReader {
    private static final int STREAMINFO_BYTES = 34;

    private FlacReader() {
    }

    /** Decodes the FLAC stream whose "fLaC" marker is at byte {@code start}. */
    static AudioClip read(Path path, long start) {
        try (InputStream in = new BufferedInputStream(framesOnly(path, start), 1 << 16)) {
            FLACDecoder decoder = new FLACDecoder(in);
            StreamInfo info = decoder.readStreamInfo();
            if (info == null) {
                throw new VibeVoiceException(path + ": not a FLAC file (no STREAMINFO)");
            }
            int channels = info.getChannels();
            int bits = info.getBitsPerSample();
            int rate = info.getSampleRate();
            if (channels < 1 || rate < 1 || (bits != 8 && bits != 16 && bits != 24)) {
                throw new VibeVoiceException(path + ": unsupported FLAC stream (" + channels + " channels, "
                        + bits + " bits, " + rate + " Hz)");
            }
            Collector collector = new Collector(path.toString(), channels, bits, info.getTotalSamples());
            decoder.addPCMProcessor(collector);
            decoder.addFrameListener(new BadFrameLimit());
            try {
                decoder.decodeFrames();
            } catch (AllSamplesRead done) {
                // the stream's declared length is reached: what follows is not audio
            } catch (TooManyBadFrames e) {
                throw new VibeVoiceException(path + ": corrupt FLAC: more than " + BadFrameLimit.MAX
                        + " undecodable frames");
            }
            if (collector.mono.size() == 0) {
                throw new VibeVoiceException(path + ": no audio frames decoded (truncated or corrupt FLAC)");
            }
            if (info.getTotalSamples() > 0 && collector.mono.size() < info.getTotalSamples()) {
                throw new VibeVoiceException(path + ": truncated: " + collector.mono.size() + " of "
                        + info.getTotalSamples() + " samples decoded");
            }
            return new AudioClip(collector.mono.toArray(), rate);
        } catch (java.io.EOFException e) {
            throw new VibeVoiceException(path + ": truncated FLAC (ends inside its header or a frame)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof VibeVoiceException v) {
                throw v;
            }
            throw new VibeVoiceException(path + ": cannot decode FLAC: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }

    /**
     * What jflac decodes: "fLaC", STREAMINFO as the only metadata block, then the audio frames.
     * The other blocks (pictures, tags, seek tables, cue sheets) are skipped, each checked to end
     * inside the file: jflac trusts the lengths inside them and allocates what they declare.
     */
    private static InputStream framesOnly(Path path, long start) throws IOException {
        byte[] streamInfo = null;
        long pos = start + 4;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            for (boolean last = false; !last; ) {
                ByteBuffer h = readAt(path, ch, pos, 4);
                last = (h.get(0) & 0x80) != 0;
                int type = h.get(0) & 0x7F;
                int length = h.getInt(0) & 0xFFFFFF;
                if (pos + 4 + length > size) {
                    throw new VibeVoiceException(path + ": truncated FLAC: a metadata block of " + length
                            + " bytes runs past the end of the file");
                }
                if (type == 0) {
                    if (length != STREAMINFO_BYTES) {
                        throw new VibeVoiceException(path + ": FLAC STREAMINFO of " + length + " bytes (must be 34)");
                    }
                    streamInfo = readAt(path, ch, pos + 4, STREAMINFO_BYTES).array();
                }
                pos += 4 + length;
            }
        }
        if (streamInfo == null) {
            throw new VibeVoiceException(path + ": not a FLAC file (no STREAMINFO)");
        }
        ByteBuffer head = ByteBuffer.allocate(8 + STREAMINFO_BYTES);
        head.put(new byte[] {'f', 'L', 'a', 'C', (byte) 0x80, 0, 0, STREAMINFO_BYTES}).put(streamInfo);
        InputStream frames = Files.newInputStream(path);
        frames.skipNBytes(pos);
        return new SequenceInputStream(new ByteArrayInputStream(head.array()), frames);
    }

    private static ByteBuffer readAt(Path path, FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new VibeVoiceException(path + ": truncated FLAC (ends inside its header)");
            }
        }
        return b;
    }

    /**
     * Ends decoding once STREAMINFO's sample count is reached. jflac's frame loop stops searching
     * for frame sync there and would retry whatever bytes follow forever if they never parse.
     */
    private static final class AllSamplesRead extends RuntimeException {
        AllSamplesRead() {
            super(null, null, false, false);
        }
    }

    /**
     * Ends decoding after {@link #MAX} bad frames: once a stream has produced its declared sample
     * count, jflac retries a frame whose header passes but whose CRC fails forever without reading
     * further (found by fuzzing), reporting each retry here.
     */
    private static final class BadFrameLimit implements FrameListener {
        static final int MAX = 1000;
        private int errors;

        @Override
        public void processMetadata(Metadata metadata) {
        }

        @Override
        public void processFrame(Frame frame) {
        }

        @Override
        public void processError(String msg) {
            if (++errors > MAX) {
                throw new TooManyBadFrames();
            }
        }
    }

    private static final class TooManyBadFrames extends RuntimeException {
        TooManyBadFrames() {
            super(null, null, false, false);
        }
    }

    /** Receives decoded frames: little-endian interleaved samples, 8-bit ones unsigned as in WAV. */
    private static final class Collector implements PCMProcessor {
        final MonoMixer mono;
        final int channels;
        final int bytes;
        final float[] frame;
        final float scale;
        final long totalSamples;

        Collector(String source, int channels, int bits, long totalSamples) {
            this.mono = new MonoMixer(source, channels);
            this.channels = channels;
            this.bytes = bits / 8;
            this.frame = new float[channels];
            this.scale = 1f / (1 << (bits - 1));
            this.totalSamples = totalSamples;
        }

        @Override
        public void processStreamInfo(StreamInfo info) {
        }

        @Override
        public void processPCM(ByteData pcm) {
            byte[] d = pcm.getData();
            int frameBytes = channels * bytes;
            int frames = pcm.getLen() / frameBytes;
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    int at = i * frameBytes + c * bytes;
                    int v = switch (bytes) {
                        case 1 -> (d[at] & 0xFF) - 128;
                        case 2 -> (d[at + 1] << 8) | (d[at] & 0xFF);
                        default -> (d[at + 2] << 16) | ((d[at + 1] & 0xFF) << 8) | (d[at] & 0xFF);
                    };
                    frame[c] = v * scale;
                }
                mono.frame(frame, 0);
            }
            if (totalSamples > 0 && mono.size() >= totalSamples) {
                throw new AllSamplesRead();
            }
        }
    }
}
