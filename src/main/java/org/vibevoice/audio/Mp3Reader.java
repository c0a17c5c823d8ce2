package org.vibevoice.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.vibevoice.VibeVoiceException;

/** MPEG-1/2 layer III through JLayer's decoder (pure Java, shipped with mp3spi), averaged to mono. */
final class Mp3Reader {
    private Mp3Reader() {
    }

    /** Decodes the MPEG audio that starts at byte {@code start} (after any ID3 tags). */
    static AudioClip read(Path path, long start) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            in.skipNBytes(start);
            Bitstream bits = new Bitstream(in);
            Decoder decoder = new Decoder();
            MonoMixer mono = null;
            int rate = 0;
            float[] frame = new float[2];
            Header h;
            while ((h = bits.readFrame()) != null) {
                SampleBuffer out = (SampleBuffer) decoder.decodeFrame(h, bits);
                int channels = out.getChannelCount();
                if (mono == null) {
                    rate = out.getSampleFrequency();
                    mono = new MonoMixer(path.toString(), channels);
                    frame = new float[channels];
                }
                short[] s = out.getBuffer();
                int frames = out.getBufferLength() / channels;
                for (int i = 0; i < frames; i++) {
                    for (int c = 0; c < channels; c++) {
                        frame[c] = s[i * channels + c] / 32768f;
                    }
                    mono.frame(frame, 0);
                }
                bits.closeFrame();
            }
            if (mono == null || mono.size() == 0) {
                throw new VibeVoiceException(path + ": contains no MP3 audio frames");
            }
            return new AudioClip(mono.toArray(), rate);
        } catch (IOException | BitstreamException | DecoderException | RuntimeException e) {
            if (e instanceof VibeVoiceException v) {
                throw v;
            }
            throw new VibeVoiceException(path + ": cannot decode MP3: " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }
}
