package org.vibevoice.hub;

import java.net.URI;

/**
 * What a HEAD on a resolve URL tells about a file.
 *
 * @param commit   the commit the revision resolved to (X-Repo-Commit)
 * @param etag     blob name: the sha256 of the content for LFS files (X-Linked-Etag), else the git ETag
 * @param size     bytes (X-Linked-Size, else Content-Length), -1 when unknown
 * @param location where to GET the content: the redirect target for LFS files, else the resolve URL
 */
record FileMetadata(String commit, String etag, long size, URI location) {
}
