package io.cfkit.cfdeploy.configrepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A bare repository on disk standing for the remote config repository, with a first commit on main. */
final class BareRemote {

    final Path bare;

    private BareRemote(Path bare) {
        this.bare = bare;
    }

    static BareRemote create(Path folder, Map<String, String> files) throws IOException, GitAPIException {
        Path bare = folder.resolve("config-repo.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path seed = folder.resolve("seed");
        try (Git git = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(seed.resolve(file.getKey()), file.getValue());
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("initial").setAuthor("o", "o@o").setCommitter("o", "o@o").setSign(false).call();
            git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("main:main")).call();
        }
        return new BareRemote(bare);
    }

    String uri() {
        return bare.toUri().toString();
    }

    ConfigRepoSource source() {
        return new ConfigRepoSource(uri(), null, null, null);
    }

    ObjectId head() throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            return repository.resolve(Constants.R_HEADS + "main");
        }
    }

    ObjectId ref(String name) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            return repository.resolve(name);
        }
    }

    /** The file as main has it on the remote. */
    String file(String name) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository);
                TreeWalk file = TreeWalk.forPath(repository, name,
                        walk.parseCommit(repository.resolve(Constants.R_HEADS + "main")).getTree())) {
            return file == null ? null
                    : new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
