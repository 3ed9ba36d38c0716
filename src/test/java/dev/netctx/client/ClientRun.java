package dev.netctx.client;

import java.util.List;

import dev.netctx.testing.CommandRun;

/** One run of the real client, in-process through the jar's command line, with scripted standard input. */
record ClientRun(int status, String out, String err) {

    static ClientRun of(String stdin, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "client";
        System.arraycopy(args, 0, command, 1, args.length);
        CommandRun run = CommandRun.of(stdin, command);
        return new ClientRun(run.status(), run.out(), run.err());
    }

    List<String> outLines() {
        return this.out.lines().toList();
    }

    List<String> errLines() {
        return this.err.lines().toList();
    }
}
