package io.github.wsmysqlsession.bench.api;

/** A contender whose writers share one session and can tell whether a committed key was lost. */
public interface Checked {

    /**
     * @return how many writers' last committed value is missing from (or different in) the stored
     *     session
     */
    long lostKeys() throws Exception;

    /** @return how many keys the stored session holds */
    long storedKeys() throws Exception;
}
