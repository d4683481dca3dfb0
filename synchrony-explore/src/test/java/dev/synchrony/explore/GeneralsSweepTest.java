package dev.synchrony.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.explore.families.GeneralsSweep;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneralsSweepTest {

    @Test
    void measuredDisagreementMatchesTheAnalysisAndFallsWithMoreMessengers() {
        GeneralsSweep sweep = new GeneralsSweep(List.of(1, 2, 3), List.of(0.3), 2, 3_000);
        double previous = 1;
        for (int k = 1; k <= 3; k++) {
            GeneralsSweep.Cell cell = sweep.simulate(k, 0.3);
            double sigma = Math.sqrt(cell.exact() * (1 - cell.exact()) / cell.runs());
            assertThat(cell.undecided()).isZero();
            assertThat(cell.measured())
                    .as("k=%d", k)
                    .isCloseTo(cell.exact(), org.assertj.core.data.Offset.offset(5 * sigma + 1e-9));
            assertThat(cell.exact()).isLessThan(previous);
            previous = cell.exact();
        }
        // k = 1 at loss 0.3: (1 - 0.3) * 0.3 = 21% of runs disagree.
        assertThat(GeneralsSweep.exactDisagreement(1, 0.3, 2))
                .isCloseTo(0.21, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void withoutLossTheGeneralsNeverDisagree() {
        GeneralsSweep.Cell cell = new GeneralsSweep(List.of(1), List.of(0.0), 2, 200).simulate(1, 0.0);
        assertThat(cell.disagreements()).isZero();
        assertThat(cell.exact()).isZero();
    }

    @Test
    void theExplorerFindsADisagreementForEveryK() {
        GeneralsSweep sweep = new GeneralsSweep(List.of(1), List.of(0.1), 3, 1);
        for (int k = 1; k <= 8; k++) {
            GeneralsSweep.Exploration exploration = sweep.explore(k);
            assertThat(exploration.found()).as("k=%d", k).isTrue();
        }
    }

    @Test
    void theTableHasARowPerKAndAColumnPerLoss() {
        String table = new GeneralsSweep(List.of(1, 2), List.of(0.1, 0.5), 2, 50).table();
        assertThat(table).contains("loss 0.1").contains("loss 0.5").contains("disagreement reachable");
        assertThat(table.lines().filter(line -> line.matches("\\s+[12] \\|.*"))).hasSize(2);
    }

    @Test
    void badListsAreNamed() {
        assertThatThrownBy(() -> GeneralsSweep.parseInts("3..1", "--k")).hasMessageContaining("--k 3..1");
        assertThatThrownBy(() -> GeneralsSweep.parseProbabilities("0.1,x", "--loss"))
                .hasMessage("--loss: 'x' is not a number");
        assertThatThrownBy(() -> GeneralsSweep.parseProbabilities("1.5", "--loss"))
                .hasMessageContaining("not a probability");
    }
}
