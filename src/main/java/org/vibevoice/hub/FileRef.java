package org.vibevoice.hub;

import java.net.URI;

/** One file of a repository at a revision, as the hub's resolve URL names it. */
record FileRef(ModelId id, String revision, String file) {
    FileRef {
        HubNames.requireRevision(revision);
        if (!HubNames.isSafeSegment(file)) {
            throw new IllegalArgumentException("not a plain file name: " + file);
        }
    }

    /** {@code {endpoint}/{org}/{name}/resolve/{revision}/{file}}, the revision quoted whole like huggingface_hub does. */
    URI resolveUri(URI endpoint) {
        String base = endpoint.toString();
        return URI.create(base + "/" + id + "/resolve/" + revision.replace("/", "%2F") + "/" + file);
    }

    @Override
    public String toString() {
        return id + " " + file + " (revision " + revision + ")";
    }
}
