package io.cfkit.cfdeploy.configrepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare repository on disk standing for the remote config repository, with a first commit on main: the one fixture
 * for every test of a config repository cf-deploy clones (on Cloud Foundry, or CONFIG_REPO_URI naming a remote).
 */
public final class BareRemote {

    /** The files of a config repository the gateway is configured from, as tests need it. */
    public static final Map<String, String> GATEWAY_CONFIG = Map.of("edge-gateway.yml", "zuul: {}\n");

    final Path bare;

    private BareRemote(Path bare) {
        this.bare = bare;
    }

    /** {@code folder/config-repo.git}, its first commit made in {@code folder/seed} with {@code files}. */
    public static BareRemote create(Path folder, Map<String, String> files) throws IOException, GitAPIException {
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

    /** Its file: URI, as CONFIG_REPO_URI names it. */
    public String uri() {
        return bare.toUri().toString();
    }

    public ConfigRepoSource source() {
        return new ConfigRepoSource(uri(), null, null, null);
    }

    /** The head of main. */
    public ObjectId head() throws IOException {
        return ref(Constants.R_HEADS + "main");
    }

    public ObjectId ref(String name) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            return repository.resolve(name);
        }
    }

    /** The names of the refs cf-deploy keeps beside the branches: rollouts, locks, resume requests. */
    public List<String> sharedRefs() throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            return repository.getRefDatabase().getRefsByPrefix(ConfigRepoClone.SHARED_REFS).stream()
                    .map(Ref::getName).toList();
        }
    }

    /** The file as main has it on the remote. */
    public String file(String name) throws IOException {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository);
                TreeWalk file = TreeWalk.forPath(repository, name,
                        walk.parseCommit(repository.resolve(Constants.R_HEADS + "main")).getTree())) {
            return file == null ? null
                    : new String(repository.open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
