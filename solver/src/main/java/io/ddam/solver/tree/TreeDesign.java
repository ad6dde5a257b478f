package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The routing trees of a whole instance: one {@link DesignedTree} per agent n, rooted at n and
 * reaching W_n, all made by one designer. {@link #design} solves the roots in parallel; results are
 * placed by agent index, so the design is the same for every thread count (only the timings differ).
 * Immutable.
 */
public final class TreeDesign {
    private final String designer;
    private final Network network;
    private final InterestMatrix interest;
    private final List<DesignedTree> trees;

    /**
     * A design from already-made trees; {@code trees.get(n)} is agent n's.
     *
     * @param designer the designer's name, shown in results
     * @param network  the network the trees live in
     * @param interest W, N x N
     * @param trees    one result per agent, by agent index (copied)
     * @throws DdamInputException if W does not fit the network or there is not one tree per agent
     */
    public TreeDesign(String designer, Network network, InterestMatrix interest, List<DesignedTree> trees) {
        interest.requireSize(network.nodeCount());
        if (trees.size() != network.nodeCount()) {
            throw new DdamInputException("a design needs one tree per agent: got " + trees.size() + " for "
                    + network.nodeCount() + " agents");
        }
        this.designer = designer;
        this.network = network;
        this.interest = interest;
        this.trees = Collections.unmodifiableList(new ArrayList<>(trees));
    }

    /**
     * Designs agent n's tree for every n (targets W_n) with {@code designer}, on {@code threads}
     * threads (1 = on the calling thread). A {@link DdamInputException} from any root is rethrown
     * (the one of the lowest agent index, so the message is deterministic too).
     *
     * @param designer the algorithm, e.g. {@link ShortestPathTreeDesigner} or {@link KmbSteinerDesigner}
     * @param network  the physical network
     * @param interest W; row n gives the targets W_n of agent n's tree
     * @param threads  how many roots to design at once; 1 (or less) designs on the calling thread
     * @return the N trees with their statuses, objectives and times
     * @throws DdamInputException if W does not fit the network or a root cannot reach one of its targets
     */
    public static TreeDesign design(TreeDesigner designer, Network network, InterestMatrix interest, int threads) {
        interest.requireSize(network.nodeCount());
        int n = network.nodeCount();
        List<DesignedTree> out = io.ddam.solver.InOrder.map(n, root -> designer.design(network, root, interest.interestSet(root)),
                threads, "ddam-tree-design");
        return new TreeDesign(designer.name(), network, interest, out);
    }

    /**
     * The designer's name.
     *
     * @return e.g. {@code "kmb"}, as {@link TreeDesigner#name()} gave it
     */
    public String designer() { return designer; }

    /**
     * The network the trees live in.
     *
     * @return the physical network
     */
    public Network network() { return network; }

    /**
     * The interest matrix the trees were designed for.
     *
     * @return W
     */
    public InterestMatrix interest() { return interest; }

    /**
     * Number of agents N.
     *
     * @return the number of trees, one per agent
     */
    public int size() { return trees.size(); }

    /**
     * Agent n's result: tree, status, objective, bound, time.
     *
     * @param n the agent, 0..N-1
     * @return the designer's result for root n
     */
    public DesignedTree get(int n) { return trees.get(n); }

    /**
     * Agent n's tree.
     *
     * @param n the agent, 0..N-1
     * @return the tree rooted at n, or {@code null} when its status has none
     */
    public RoutingTree tree(int n) { return trees.get(n).tree(); }

    /**
     * All results, by agent index.
     *
     * @return an unmodifiable list of N results
     */
    public List<DesignedTree> results() { return trees; }

    /**
     * All trees, by agent index; the list protocols such as DDAM-TOGD take.
     *
     * @return an unmodifiable list of N trees; entries are {@code null} where a status has no tree
     */
    public List<RoutingTree> trees() {
        List<RoutingTree> l = new ArrayList<>(trees.size());
        for (DesignedTree t : trees) l.add(t.tree());
        return Collections.unmodifiableList(l);
    }

    /**
     * Σ of the designers' objective values: Σ_n Σ_{m∈W_n} τ̃_{n,m} (one-way, in steps) for delay designers,
     * Σ_n tree cost for Steiner designers.
     *
     * @return the sum over all agents
     */
    public double totalObjective() {
        double s = 0;
        for (DesignedTree t : trees) s += t.objective();
        return s;
    }

    /**
     * Σ of the per-root wall times (CPU-side work, not elapsed time when run in parallel).
     *
     * @return the total in nanoseconds
     */
    public long totalNanos() {
        long s = 0;
        for (DesignedTree t : trees) s += t.nanos();
        return s;
    }

    /**
     * The metrics of these trees under this design's W: delays, τ_sum, link loads, C_max, cost.
     *
     * @return the metrics, as {@link TreeMetrics#of(TreeDesign)}
     * @throws DdamInputException if an agent has no tree
     */
    public TreeMetrics metrics() { return TreeMetrics.of(this); }

    @Override
    public String toString() {
        return "TreeDesign[" + designer + ", " + trees.size() + " trees]";
    }
}
