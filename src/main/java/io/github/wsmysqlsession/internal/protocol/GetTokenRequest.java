package io.github.wsmysqlsession.internal.protocol;

/**
 * A frame that claims to be {@code getToken}, as {@link Protocol#parseGetToken} read it.
 *
 * @param token the client's old token, {@code ""} when it sent none or a malformed one
 * @param problem why the frame was malformed, {@code ""} when it was well-formed; a malformed frame
 *     gets a new session and this text in {@code errors}
 */
public record GetTokenRequest(String token, String problem) {

    /**
     * @return whether the frame was malformed
     */
    public boolean malformed() {
        return !problem.isEmpty();
    }
}
