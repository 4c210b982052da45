// libFuzzer driver for the SocketGen fuzz harness (fuzz/SocketGen.Fuzz), speaking SharpFuzz's libFuzzer
// protocol: the .NET harness runs as a child process and stays up across inputs (persistent, in-process
// fuzzing); this driver hands it each input through shared memory and copies the harness's edge coverage
// (SharpFuzz's IL instrumentation writes it to the same shared memory) into libFuzzer's extra counters.
//
//   SysV shared memory, id in __LIBFUZZER_SHM_ID: [0, MAP_SIZE) coverage map, then the input bytes.
//   control pipe, fd in __LIBFUZZER_CONTROL_PIPE_ID (driver -> harness): int32 input length, once per input.
//   status pipe, fd in __LIBFUZZER_STATUS_PIPE_ID (harness -> driver): int32 0 once when ready, then an int32
//   status per input (0 = ok, else crash; the harness exits after a crash).
//
// Build: clang -fsanitize=fuzzer socketgen-libfuzzer.c -o socketgen-libfuzzer
// Run:   socketgen-libfuzzer --target_path=PATH/SocketGen.Fuzz --target_arg=TARGET [libFuzzer flags] CORPUS...
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAP_SIZE (1 << 16)
#define MAX_INPUT (1 << 20)
#define TO_HARNESS_FD 198
#define FROM_HARNESS_FD 199

// libFuzzer treats every byte of this section as a coverage counter.
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t coverage[MAP_SIZE];

static uint8_t *shared;
static int to_harness = -1;
static int from_harness = -1;
static pid_t harness = -1;

static void fail(const char *what) {
  fprintf(stderr, "socketgen-libfuzzer: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int write_all(int fd, const void *data, size_t size) {
  const char *p = data;
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    size -= (size_t)n;
  }
  return 0;
}

static int read_all(int fd, void *data, size_t size) {
  char *p = data;
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    size -= (size_t)n;
  }
  return 0;
}

static const char *option(int argc, char **argv, const char *name) {
  size_t length = strlen(name);
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], name, length) == 0) return argv[i] + length;
  }
  return NULL;
}

static void remove_shared(void) {
  if (harness > 0) kill(harness, SIGKILL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *path = option(*argc, *argv, "--target_path=");
  const char *arg = option(*argc, *argv, "--target_arg=");
  if (path == NULL || arg == NULL) {
    fprintf(stderr, "usage: socketgen-libfuzzer --target_path=HARNESS --target_arg=TARGET [libFuzzer flags] CORPUS...\n");
    exit(1);
  }

  int id = shmget(IPC_PRIVATE, MAP_SIZE + MAX_INPUT, IPC_CREAT | IPC_EXCL | 0600);
  if (id < 0) fail("shmget");
  shared = shmat(id, NULL, 0);
  if (shared == (void *)-1) fail("shmat");
  // Marked for removal now: it lives while attached, and goes when both processes are gone, however they end.
  shmctl(id, IPC_RMID, NULL);

  char id_text[32];
  snprintf(id_text, sizeof id_text, "%d", id);
  setenv("__LIBFUZZER_SHM_ID", id_text, 1);
  setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
  setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);

  int down[2], up[2];
  if (pipe(down) < 0 || pipe(up) < 0) fail("pipe");
  harness = fork();
  if (harness < 0) fail("fork");
  if (harness == 0) {
    if (dup2(down[0], TO_HARNESS_FD) < 0 || dup2(up[1], FROM_HARNESS_FD) < 0) fail("dup2");
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    execl(path, path, arg, (char *)NULL);
    fail("exec");
  }

  close(down[0]);
  close(up[1]);
  to_harness = down[1];
  from_harness = up[0];
  atexit(remove_shared);

  int32_t ready;
  if (read_all(from_harness, &ready, sizeof ready) < 0 || ready != 0) {
    fprintf(stderr, "socketgen-libfuzzer: the harness did not start\n");
    exit(1);
  }

  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > MAX_INPUT) return 0;
  memset(shared, 0, MAP_SIZE);
  memcpy(shared + MAP_SIZE, data, size);
  int32_t length = (int32_t)size;
  int32_t status;
  if (write_all(to_harness, &length, sizeof length) < 0 || read_all(from_harness, &status, sizeof status) < 0) {
    fprintf(stderr, "socketgen-libfuzzer: the harness died\n");
    abort();
  }

  memcpy(coverage, shared, MAP_SIZE);
  if (status != 0) {
    // The harness printed the exception; libFuzzer saves this input as the crash.
    abort();
  }

  return 0;
}
