package com.nrsconnector.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a tour as the README writes them: under a {@code ### <n>. <title>} heading, a fenced {@code sh} block
 * with one curl command and a last line {@code # answers <status>}, then a fenced {@code json} block with the parts of
 * the answer that matter.
 */
record TourStep(String title, CurlCommand command, int status, String answer) {

    private static final Pattern HEADING = Pattern.compile("(?m)^### (\\d+\\. .+)$");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
    private static final Pattern ANSWERS = Pattern.compile("(?m)^# answers (\\d{3})\\b.*$");

    /** The steps of the section that starts with {@code sectionHeading}, up to the next {@code ## } heading. */
    static List<TourStep> of(String markdown, String sectionHeading) {
        int start = markdown.indexOf("\n" + sectionHeading + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("no section " + sectionHeading);
        }
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<TourStep> steps = new ArrayList<>();
        Matcher heading = HEADING.matcher(section);
        List<MatchResult> headings = new ArrayList<>();
        while (heading.find()) {
            headings.add(heading.toMatchResult());
        }
        for (int i = 0; i < headings.size(); i++) {
            int to = i + 1 < headings.size() ? headings.get(i + 1).start() : section.length();
            steps.add(step(
                    headings.get(i).group(1), section.substring(headings.get(i).end(), to)));
        }
        return steps;
    }

    private static TourStep step(String title, String text) {
        Matcher block = BLOCK.matcher(text);
        String shell = null;
        String answer = null;
        while (block.find()) {
            if (block.group(1).equals("sh") && shell == null) {
                shell = block.group(2);
            } else if (block.group(1).equals("json") && shell != null && answer == null) {
                answer = block.group(2);
            } else {
                throw new IllegalArgumentException("step '" + title + "': one sh block, then one json block, expected");
            }
        }
        if (shell == null || answer == null) {
            throw new IllegalArgumentException(
                    "step '" + title + "': an sh block and the json block of its answer " + "expected");
        }
        Matcher answers = ANSWERS.matcher(shell);
        if (!answers.find()) {
            throw new IllegalArgumentException("step '" + title + "': its sh block ends without '# answers <status>'");
        }
        String command = shell.substring(0, answers.start()).strip();
        if (!shell.substring(answers.end()).isBlank()) {
            throw new IllegalArgumentException("step '" + title + "': '# answers' must be the block's last line");
        }
        try {
            return new TourStep(title, CurlCommand.parse(command), Integer.parseInt(answers.group(1)), answer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("step '" + title + "': " + e.getMessage(), e);
        }
    }
}
