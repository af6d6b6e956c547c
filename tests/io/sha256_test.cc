#include "io/sha256.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace polarity::io {
namespace {

// FIPS 180-4 examples (NIST "SHA256.pdf", "SHA256_2.pdf") and the NIST CAVP long message.
TEST(Sha256, EmptyString) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage) {
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, FourBlockMessage) {
  EXPECT_EQ(Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionAs) {
  Sha256 hash;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) hash.Update(chunk);
  EXPECT_EQ(ToHex(hash.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Padding edge cases: 55, 56 and 64 bytes straddle the length field.
TEST(Sha256, PaddingBoundaries) {
  EXPECT_EQ(Sha256Hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(Sha256Hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(Sha256Hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, SplitUpdatesEqualOneUpdate) {
  const std::string text(1000, 'x');
  for (std::size_t split : {1u, 63u, 64u, 65u, 500u}) {
    Sha256 hash;
    hash.Update(text.substr(0, split));
    hash.Update(text.substr(split));
    EXPECT_EQ(ToHex(hash.Finish()), Sha256Hex(text)) << split;
  }
}

TEST(Sha256, FileDigestMatchesStringDigest) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("polarity_sha256_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  {
    std::ofstream out(path, std::ios::binary);
    out << "abc";
  }
  std::string hex, error;
  ASSERT_TRUE(Sha256File(path, &hex, &error)) << error;
  EXPECT_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::filesystem::remove(path);
  EXPECT_FALSE(Sha256File(path, &hex, &error));
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

}  // namespace
}  // namespace polarity::io
