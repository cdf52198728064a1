package io.cfkit.cfdeploy.configrepo;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A working tree of the config repository the config server serves: the kit's own local repository, or a clone of a
 * remote one. Readers read inside {@link #read}, writers commit inside {@link #change}, which makes the commit what the
 * config server serves.
 */
public interface WorkingTree {

    Path directory();

    /**
     * Runs {@code reader} on the tree brought up to what the config server serves (nothing to bring for the server's
     * own repository), with no change by another cf-deploy meanwhile.
     */
    <T> T read(Supplier<T> reader);

    /**
     * Runs {@code commit} (which commits to the tree, or not, and returns the head) on a fresh tree and publishes its
     * commit; for a remote repository that moved meanwhile, runs it again on the new head. Returns the head.
     */
    String change(Supplier<String> commit);

    /** The config server's own repository, a local one with a working tree: commits to it are served as they are. */
    static WorkingTree local(Path repository) {
        return new WorkingTree() {
            @Override
            public Path directory() {
                return repository;
            }

            @Override
            public <T> T read(Supplier<T> reader) {
                return reader.get();
            }

            @Override
            public String change(Supplier<String> commit) {
                return commit.get();
            }

            @Override
            public String toString() {
                return repository.toString();
            }
        };
    }
}
