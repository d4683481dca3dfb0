package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MutexCommandsTest {

    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void mutexRiskReproducesTheLecturesClaim() {
        Outcome outcome = run("mutex-risk", "--n", "32", "--m", "0.75n", "--p", "0.001");
        assertThat(outcome.code()).isZero();
        // C(24,16) 0.001^16 0.999^8 dominates: about 7.3e-43, below the lecture's bound of 10^-40.
        assertThat(outcome.out())
                .contains("n=32 m=24")
                .contains("p_v = 7.29952e-43")
                .contains("10^-43 <= p_v");
    }

    @Test
    void mutexRiskTakesPAsAFractionAndComputesItExactly() {
        // The lecture states p as a rate: 3 s per hour is p = 3/3600 = 1/1200, which has no finite decimal.
        Outcome fraction = run("mutex-risk", "--n", "5", "--m", "3", "--p", "1/2");
        assertThat(fraction.code()).as(fraction.err()).isZero();
        // p = 1/2: p_v = sum_{k=1}^{3} C(3,k) / 8 = 7/8.
        assertThat(fraction.out()).contains("p=1/2").contains("exact: 0.875");
        Outcome rate = run("mutex-risk", "--n", "32", "--m", "0.75n", "--p", "3/3600");
        assertThat(rate.code()).as(rate.err()).isZero();
        assertThat(rate.out()).contains("p=3/3600").containsPattern("exact: \\d+/\\d+");
        assertThat(run("mutex-risk", "--n", "32", "--m", "0.75n", "--p", "1/1200")
                        .out())
                .contains(rate.out()
                        .lines()
                        .filter(l -> l.startsWith("p_v = "))
                        .findFirst()
                        .orElseThrow());
        assertThat(run("mutex-risk", "--n", "5", "--m", "3", "--p", "1/0").err())
                .contains("--p")
                .contains("divides by 0");
        assertThat(run("mutex-risk", "--n", "5", "--m", "3", "--p", "3/2").err())
                .contains("--p: 3/2 is not a probability");
    }

    @Test
    void mutexRiskHelpHasNoPicocliWarningAndTheFormulasUpperBoundIsM() {
        // picocli's tracer writes its warnings to System.err itself, not to the command's writer.
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream traced = new java.io.ByteArrayOutputStream();
        Outcome help;
        try {
            System.setErr(new java.io.PrintStream(traced, true));
            help = run("mutex-risk", "--help");
        } finally {
            System.setErr(systemErr);
        }
        assertThat(help.code()).isZero();
        assertThat(traced.toString()).doesNotContain("WARN");
        assertThat(help.out() + help.err())
                .doesNotContain("WARN")
                .contains("95% confidence")
                .contains("sum_{k=2m-n}^{m}");
    }

    @Test
    void mutexRiskSimulationAgreesWithTheFormula() {
        Outcome outcome = run("mutex-risk", "--n", "5", "--m", "3", "--p", "0.2", "--simulate", "--runs", "8");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("exact: 0.488").contains("inside the interval");
    }

    @Test
    void mutexRiskRejectsBadInputWithTheFlagsName() {
        assertThat(run("mutex-risk", "--n", "4", "--m", "2", "--p", "0.1").err())
                .contains("--m");
        assertThat(run("mutex-risk", "--n", "4", "--m", "3", "--p", "1.5").code())
                .isEqualTo(2);
        assertThat(run("mutex-risk", "--n", "4", "--m", "0.3n", "--p", "0.1").err())
                .contains("--m");
        assertThat(run("mutex-risk", "--n", "4", "--m", "3", "--p", "x").err()).contains("--p");
    }

    @Test
    void compareMutexPrintsAllFourWithTheTextbookFigures() {
        Outcome outcome = run("compare", "mutex", "--nodes", "4", "--duration", "20s");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out())
                .contains(
                        "central-mutex",
                        "decentral-mutex",
                        "ricart-agrawala",
                        "token-ring",
                        "2(n-1) = 6",
                        "Why the figures differ");
        String ricart = outcome.out()
                .lines()
                .filter(l -> l.trim().startsWith("ricart-agrawala"))
                .findFirst()
                .orElseThrow();
        assertThat(ricart).contains(" 6.00 "); // exactly 2(n-1) messages per entry and exit
        // The lecture's table: the decentralized algorithm's delay before entry is 2m (messages: 3mk).
        String decentral = outcome.out()
                .lines()
                .filter(l -> l.trim().startsWith("decentral-mutex"))
                .findFirst()
                .orElseThrow();
        assertThat(decentral.strip()).endsWith("3mk, k=1,2,..    2m");
        Outcome unknown = run("compare", "nosuch");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuch");
    }
}
