package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemberLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final MemberLog log = new MemberLog(NodeId.of("n1"), lines::add, now::get);

    @Test
    void refusalsBeyondTheWindowsShareAreCountedAndReportedWithTheNextLoggedOne() {
        for (int i = 1; i <= 25; i++) {
            log.refusal("refused " + i);
        }
        assertThat(lines).hasSize(MemberLog.REFUSALS_PER_WINDOW).last().isEqualTo("n1: refused 10");
        now.addAndGet(MemberLog.WINDOW_SECONDS * 1_000_000_000L - 1);
        log.refusal("refused 26");
        assertThat(lines).hasSize(MemberLog.REFUSALS_PER_WINDOW);
        now.addAndGet(1);
        log.refusal("refused 27");
        assertThat(lines).last().isEqualTo("n1: refused 27 (16 earlier refusals not logged: more than 10 in 10 s)");
        log.refusal("refused 28");
        assertThat(lines).last().isEqualTo("n1: refused 28");
        log.info("not a refusal: never limited");
        assertThat(lines).last().isEqualTo("n1: not a refusal: never limited");
    }

    @Test
    void quotedTextIsEscapedAndCut() {
        assertThat(MemberLog.quote("a'b\\c\nd\u202ee")).isEqualTo("'a\\'b\\\\c\\u000ad\\u202ee'");
        assertThat(MemberLog.quote("y".repeat(70)))
                .isEqualTo("'" + "y".repeat(MemberLog.QUOTE_LIMIT) + "'... (70 chars)");
    }

    @Test
    void everyLineIsOneLine() {
        log.info("first\nn1: forged\u2028third");
        assertThat(lines).containsExactly("n1: first\\u000an1: forged\\u2028third");
        log.info("z".repeat(MemberLog.LINE_LIMIT + 5));
        assertThat(lines.get(1)).hasSize("n1: ".length() + MemberLog.LINE_LIMIT + "... (cut)".length());
    }
}
