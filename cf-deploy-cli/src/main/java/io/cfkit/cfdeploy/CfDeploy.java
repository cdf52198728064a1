package io.cfkit.cfdeploy;

import io.cfkit.cfdeploy.commands.AppsCommand;
import io.cfkit.cfdeploy.commands.CanaryCommand;
import io.cfkit.cfdeploy.commands.DeployCommand;
import io.cfkit.cfdeploy.commands.HistoryCommand;
import io.cfkit.cfdeploy.commands.PromoteCommand;
import io.cfkit.cfdeploy.commands.ResumeCommand;
import io.cfkit.cfdeploy.commands.RollbackCommand;
import io.cfkit.cfdeploy.commands.StatusCommand;
import io.cfkit.cfdeploy.commands.DownCommand;
import io.cfkit.cfdeploy.commands.LogsCommand;
import io.cfkit.cfdeploy.commands.PipelineCommand;
import io.cfkit.cfdeploy.commands.PushCommand;
import io.cfkit.cfdeploy.commands.ScaleCommand;
import io.cfkit.cfdeploy.commands.SuperviseCommand;
import io.cfkit.cfdeploy.commands.SwitchCommand;
import io.cfkit.cfdeploy.commands.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cf-deploy", mixinStandardHelpOptions = true, version = "cf-deploy 0.1.0",
        description = "Deploys the kit's apps, scales them and shifts traffic without downtime.",
        subcommands = {UpCommand.class, PushCommand.class, AppsCommand.class, ScaleCommand.class, LogsCommand.class,
                DownCommand.class, DeployCommand.class, CanaryCommand.class, PromoteCommand.class,
                RollbackCommand.class, SwitchCommand.class, ResumeCommand.class, StatusCommand.class, HistoryCommand.class,
                SuperviseCommand.class, PipelineCommand.class, CommandLine.HelpCommand.class})
public final class CfDeploy implements Runnable {

    /** Exit status of a command refused for bad input or failed for a reason the user can fix. */
    public static final int USER_ERROR = 1;
    /** Exit status of a command line that does not parse. */
    public static final int USAGE_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with cf-deploy's error handling: one line naming the problem, a non-zero exit. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CfDeploy());
        addHelpOption(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserError) {
                cmd.getErr().println("cf-deploy: " + e.getMessage());
                cmd.getErr().flush();
                return USER_ERROR;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("cf-deploy: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName()
                    + " --help)");
            cmd.getErr().flush();
            return USAGE_ERROR;
        });
        return cli;
    }

    /** -h/--help on every subcommand, so help never fails on a required parameter. */
    private static void addHelpOption(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandSpec().optionsMap().containsKey("--help")) {
                sub.getCommandSpec().addMixin("help", CommandSpec.forAnnotatedObject(new HelpOption()));
            }
            addHelpOption(sub);
        }
    }

    /** Only --help: some commands have a --version of their own (deploy's is the new version's name). */
    static final class HelpOption {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }
}
