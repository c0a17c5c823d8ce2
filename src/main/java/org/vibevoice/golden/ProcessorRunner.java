package org.vibevoice.golden;

import java.util.ArrayList;
import java.util.List;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.tokenizer.Tokenizer;
import org.vibevoice.tokenizer.Tokenizers;

/**
 * {@code processor}: the scripts of the metadata with their voice files (read as the fixtures were
 * made: the WAV samples as floats, no resampling) through the model's processor, as one batch.
 */
public final class ProcessorRunner implements KindRunner {
    @Override
    public String kind() {
        return "processor";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        VibeVoiceModel model = GoldenModels.model(ctx, c.modelDir());
        Tokenizer tok = c.metadata().containsKey("tokenizer")
                ? ctx.cached("tokenizer:" + c.resolve(c.meta("tokenizer")), () -> Tokenizers.open(c.resolve(c.meta("tokenizer"))))
                : model.tokenizer();
        VibeVoiceProcessor processor = new VibeVoiceProcessor(tok::encode,
                model.preprocessor().speechTokCompressRatio(), model.preprocessor().dbNormalize());
        List<?> scripts = (List<?>) c.metaJson("scripts");
        List<?> voices = (List<?>) c.metaJson("voices");
        List<?> files = (List<?>) c.metaJson("voice_files");
        if (voices.size() != scripts.size()) {
            throw new VibeVoiceException(c.file() + ": 'voices' must list one voice list per script");
        }
        List<VibeVoiceProcessor.Request> requests = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < scripts.size(); i++) {
            List<float[]> audio = new ArrayList<>();
            for (int k = 0; k < ((List<?>) voices.get(i)).size(); k++) {
                audio.add(AudioFiles.read(c.resolve(String.valueOf(files.get(next++)))).samples());
            }
            requests.add(new VibeVoiceProcessor.Request(String.valueOf(scripts.get(i)), audio));
        }
        ProcessorOutput out = processor.process(requests);
        return new CaseOutputs()
                .putRows("input_ids", out.inputIds())
                .putRows("attention_mask", out.attentionMask())
                .putRows("speech_input_mask", out.speechInputMask())
                .putRows("speech_tensors", List.of(out.speechTensors()))
                .putRows("speech_masks", out.speechMasks());
    }
}
