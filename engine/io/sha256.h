#pragma once
// SHA-256 (FIPS 180-4), for the input-file digests of manifest.json.
//
// A small self-contained implementation rather than OpenSSL: the engine hashes a handful of
// scenario files per command, so speed is irrelevant, and this keeps libssl out of the
// link line and out of the install's dependencies. Tested against the FIPS 180-4 /
// NIST CAVP example vectors in tests/io/sha256_test.cc.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace polarity::io {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, std::size_t size);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // The digest of everything passed to Update. The object must not be updated afterwards.
  std::array<std::uint8_t, 32> Finish();

 private:
  void Compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_;
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed
};

// Lower-case hexadecimal.
std::string ToHex(const std::array<std::uint8_t, 32>& digest);

// The hex digest of `data`.
std::string Sha256Hex(std::string_view data);

// The hex digest of a file's bytes; false with *error ("PATH: strerror") when it cannot be
// read.
bool Sha256File(const std::filesystem::path& path, std::string* hex, std::string* error);

}  // namespace polarity::io
