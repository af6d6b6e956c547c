#include "io/graphml.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace polarity::io {
namespace {

// A hand-built 4-actor model and state; values chosen to need all 17 significant digits.
struct Fixture {
  Model model;
  State state;

  Fixture() {
    const int n = 4;
    model.num_actors = n;
    model.num_domains = 1;
    model.start = 2023.5;
    model.dt = 0.25;
    model.actor_ids = {"USA", "JPN", "KOR", "A&B<\"x\">"};
    model.actor_names = {"United States", "Japan", "Korea, Republic of", "Tom & Jerry's <bloc>"};
    state.milex = Eigen::Vector4d(916.0148, 1.0 / 3.0, 47.9 + 1e-13, 1e-310);
    state.capability_index = Eigen::Vector4d(std::nextafter(1000.0, 2000.0), 2.0 / 7.0, 0.1 + 0.2, 5e-324);
    state.resolve = Eigen::Vector4d(0.7, 0.6, 0.55, 0.0);
    state.revisionism = Eigen::Vector4d(0.0, 0.1, 0.2, 0.9);
    state.bloc = Eigen::Vector4i(0, 0, 0, 3);
    // Every dyad array of a dense state (the writer reads dyads through ForEachDyad).
    for (Eigen::MatrixXd* m : {&state.alliance, &state.stance, &state.perceived_threat, &state.friction,
                               &state.interdependence, &state.proximity}) {
      *m = Eigen::Matrix4d::Zero();
    }
    auto tie = [&](int i, int j, double depth, double sij, double sji) {
      state.alliance(i, j) = state.alliance(j, i) = depth;
      state.stance(i, j) = sij;
      state.stance(j, i) = sji;
    };
    tie(0, 1, 0.95, 0.9, 0.8);             // treaty_alliance
    tie(0, 2, 0.45 + 1e-16, 0.7, 0.6 / 7);  // security_cooperation
    tie(1, 2, 0.19999999999999998, -0.1, 0.2);  // none (just under 0.2)
    state.stance(0, 3) = -0.5;              // no alliance: no edge
  }
};

std::string Hex(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", v);
  return buffer;
}

// Runs Python on `script` with argv[1] = path; returns stdout, or "" with a failure.
std::string RunPython(const std::string& script, const std::filesystem::path& path, int* status) {
  const std::filesystem::path script_path = path.string() + ".py";
  {
    std::ofstream out(script_path);
    out << script;
  }
  const std::string command = "/usr/bin/python3 " + script_path.string() + " " + path.string() + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  if (pipe == nullptr) {
    *status = -1;
    return output;
  }
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  *status = ::pclose(pipe);
  std::filesystem::remove(script_path);
  return output;
}

TEST(Graphml, NamesFilesByRunAndTick) {
  EXPECT_EQ(AllianceGraphmlName(12, 80), "alliances_12_80.graphml");
}

TEST(Graphml, EscapesXmlSpecialCharacters) {
  std::string out;
  AppendXmlEscaped(out, "a&b<c>\"d\"'e'\x01");
  EXPECT_EQ(out, "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;?");
}

TEST(Graphml, OnlyPairsWithPositiveDepthBecomeEdges) {
  Fixture f;
  std::string xml;
  AppendAllianceGraphml(xml, f.model, f.state, 3, 80);
  std::size_t edges = 0;
  for (std::size_t p = xml.find("<edge "); p != std::string::npos; p = xml.find("<edge ", p + 1)) ++edges;
  EXPECT_EQ(edges, 3u);
  EXPECT_NE(xml.find("<data key=\"level\">treaty_alliance</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"depth\">0.95</data>"), std::string::npos);
  EXPECT_EQ(xml.find("e-0"), std::string::npos) << "no 6-digit exponent formatting expected";
}

// networkx reads the file back with every double bit-exact.
TEST(Graphml, NetworkxReadsExactDoubles) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  Fixture f;
  std::string xml;
  AppendAllianceGraphml(xml, f.model, f.state, 7, 40);
  const auto path = std::filesystem::temp_directory_path() /
                    ("polarity_graphml_test_" + std::to_string(::getpid()) + ".graphml");
  {
    std::ofstream out(path, std::ios::binary);
    out << xml;
  }
  const std::string script = R"PY(
import sys
try:
    import networkx as nx
except ImportError:
    print("SKIP no networkx"); sys.exit(0)
g = nx.read_graphml(sys.argv[1])
print("graph", g.graph["run_id"], g.graph["tick"], float(g.graph["time"]).hex(), type(g).__name__)
for n in g.nodes:
    d = g.nodes[n]
    print("node", n, "|" + d["name"] + "|", d["milex"].hex(), d["capability"].hex(),
          d["resolve"].hex(), d["revisionism"].hex(), d["bloc"], type(d["bloc"]).__name__)
for u, v in g.edges:
    d = g.edges[u, v]
    a, b = sorted((u, v))
    print("edge", a, b, d["depth"].hex(), d["level"], d["stance"].hex())
)PY";
  int status = 0;
  const std::string output = RunPython(script, path, &status);
  std::filesystem::remove(path);
  ASSERT_EQ(status, 0) << output;
  if (output.starts_with("SKIP")) GTEST_SKIP() << output;

  std::map<std::string, std::string> lines;  // first two words -> line
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string kind, id;
    words >> kind >> id;
    lines[kind + " " + id] = line;
  }
  // Python's float.hex() and C's %a spell hex floats differently; compare through
  // float.fromhex semantics by formatting the expected values the Python way.
  auto py_hex = [](double v) {
    // Python: "0x1.xxxp+N" with trailing zeros kept to 13 hex digits; subnormals "0x0.xxxp-1022".
    if (v == 0.0) return std::string(std::signbit(v) ? "-0x0.0p+0" : "0x0.0p+0");
    const bool negative = v < 0;
    double a = std::fabs(v);
    int exponent;
    std::uint64_t mantissa;
    std::string lead;
    if (a < std::numeric_limits<double>::min()) {
      exponent = -1022;
      mantissa = static_cast<std::uint64_t>(std::ldexp(a, 1074));
      lead = "0";
    } else {
      const double m = std::frexp(a, &exponent);  // a = m 2^e, m in [0.5, 1)
      exponent -= 1;
      mantissa = static_cast<std::uint64_t>(std::ldexp(m * 2 - 1, 52));
      lead = "1";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s0x%s.%013llxp%+d", negative ? "-" : "", lead.c_str(),
                  static_cast<unsigned long long>(mantissa), exponent);
    return std::string(buffer);
  };
  ASSERT_TRUE(lines.count("graph 7")) << output;
  EXPECT_NE(lines["graph 7"].find(" 40 " + py_hex(2033.5) + " Graph"), std::string::npos)
      << lines["graph 7"] << " vs " << py_hex(2033.5);
  for (int i = 0; i < 4; ++i) {
    const std::string key = "node " + f.model.actor_ids[static_cast<std::size_t>(i)];
    ASSERT_TRUE(lines.count(key)) << key << "\n" << output;
    const std::string expected = key + " |" + f.model.actor_names[static_cast<std::size_t>(i)] + "| " +
                                 py_hex(f.state.milex[i]) + " " + py_hex(f.state.capability_index[i]) +
                                 " " + py_hex(f.state.resolve[i]) + " " + py_hex(f.state.revisionism[i]) +
                                 " " + std::to_string(f.state.bloc[i]) + " int";
    EXPECT_EQ(lines[key], expected) << Hex(f.state.milex[i]);
  }
  auto edge = [&](int i, int j, const char* level) {
    const std::string u = f.model.actor_ids[static_cast<std::size_t>(i)];
    const std::string v = f.model.actor_ids[static_cast<std::size_t>(j)];
    const std::string stance = py_hex(0.5 * (f.state.stance(i, j) + f.state.stance(j, i)));
    return "edge " + std::min(u, v) + " " + std::max(u, v) + " " + py_hex(f.state.alliance(i, j)) +
           " " + level + " " + stance;
  };
  for (const std::string& expected : {edge(0, 1, "treaty_alliance"), edge(0, 2, "security_cooperation"),
                                      edge(1, 2, "none")}) {
    EXPECT_NE(output.find(expected + "\n"), std::string::npos) << expected << "\n" << output;
  }
}

}  // namespace
}  // namespace polarity::io
