/*
 * statTree(root): every file (anything not a folder) under root with its lstat tuple, and every
 * folder, in two strings: "path\0dev:ino:size:mtimeNs:ctimeNs\0..." and "path\0...", paths relative
 * to root, in byte order of their UTF-8. The tuple is the one Node's lstatSync(path, { bigint: true }) gives
 * (src/output/tree-writer.ts statTuple). Node 20 builds a stats object with four Dates per lstat:
 * for the 58,104 files of a 1,000-cluster output this is three times as fast. A missing root is
 * empty; any other failure throws with the errno number as its code. statTree(root, true) gives
 * each file's inode number alone, as its folder's listing holds it, unsorted, and stats nothing: what the scan
 * needs to know which files of the spare are already dist's own.
 *
 * linkFiles(fromRoot, toRoot, paths): hard-links each path of "path\0path\0..." from fromRoot to
 * toRoot (whose folders exist) and returns the lstat tuple of each new link, "tuple\0..." in the same
 * order: a link changes the inode's ctime, and the run record needs it. A path the file system will
 * not link (EPERM, EXDEV, EMLINK, ENOTSUP, EOPNOTSUPP) gets an empty tuple: the caller copies it. Any
 * other failure throws with the errno number as its code. The scan's worker links the spare's 58,104
 * files this way in one call per chunk instead of a linkSync and a later lstat each.
 *
 * writeFiles(root, incoming, targets, contents): on a thread of libuv's pool, creates each file of
 * "path\0path\0..." (relative to root, its folder existing) holding contents[i] (a string, or an array
 * of Buffers written in order, never joined): created as root/incoming/<i> (incoming, a folder of
 * root, exists) and renamed into place; ext4 creates a file in a folder of its own three times as
 * slowly as beside others. Resolves to the lstat tuple of each, "tuple\0..." in order. Rejects at the
 * first failure: code the errno number, index the file's, syscall the call that failed. The main
 * thread meanwhile does other work: the write of a run's 2,000 changed files takes it 0.2 s.
 * writeFiles(root, incoming, targets, contents, reuse): reuse holds one NUL-terminated path per
 * target ("" for none), a file under root that no one else links: a target with one is written over
 * that file's own blocks (no O_TRUNC; truncated to its new length after) and renamed into place,
 * when it is a regular file of this user, with one link and the mode a new file gets (0666 less the
 * umask, from /proc/self/status); else the target is created as above. ext4 frees and allocates a
 * file's blocks (and, mounted with discard, trims them) several times as slowly as it overwrites them.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

typedef struct {
  char *data;
  size_t len, cap;
} buffer;

static int append(buffer *b, const char *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 1 << 20;
    while (cap < b->len + n) cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
      errno = ENOMEM;
      return -1;
    }
    b->data = data;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  return 0;
}

#if defined(__APPLE__)
#define MTIME(st) ((st).st_mtimespec)
#define CTIME(st) ((st).st_ctimespec)
#else
#define MTIME(st) ((st).st_mtim)
#define CTIME(st) ((st).st_ctim)
#endif

#define TUPLE_SIZE 160

/* "dev:ino:size:mtimeNs:ctimeNs" into tuple (TUPLE_SIZE bytes); returns its length. */
static int format_tuple(const struct stat *st, char *tuple) {
  long long mtime = (long long)MTIME(*st).tv_sec * 1000000000LL + MTIME(*st).tv_nsec;
  long long ctime = (long long)CTIME(*st).tv_sec * 1000000000LL + CTIME(*st).tv_nsec;
  return snprintf(tuple, TUPLE_SIZE, "%llu:%llu:%lld:%lld:%lld", (unsigned long long)st->st_dev,
                  (unsigned long long)st->st_ino, (long long)st->st_size, mtime, ctime);
}

/* Lists the folder open at fd, whose path relative to the root is path[0..length); closes fd. */
static int walk(int fd, char *path, size_t length, buffer *files, buffer *folders, int inodes_only) {
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  struct dirent *entry;
  for (;;) {
    errno = 0;
    entry = readdir(dir);
    if (!entry) break;
    const char *name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    size_t name_length = strlen(name);
    size_t at = length ? length + 1 : 0;
    if (at + name_length + 1 > 4096) {
      closedir(dir);
      errno = ENAMETOOLONG;
      return -1;
    }
    if (length) path[length] = '/';
    memcpy(path + at, name, name_length + 1);
    size_t child_length = at + name_length;
    struct stat st;
    int is_folder = entry->d_type == DT_DIR;
    int statted = 0;
    if (entry->d_type == DT_UNKNOWN) {
      if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
      statted = 1;
      is_folder = S_ISDIR(st.st_mode);
    }
    if (is_folder) {
      if (append(folders, path, child_length + 1) != 0) goto failed;
      int child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (child < 0 || walk(child, path, child_length, files, folders, inodes_only) != 0) goto failed;
    } else {
      char tuple[TUPLE_SIZE];
      int n;
      if (inodes_only) {
        n = snprintf(tuple, sizeof tuple, "%llu", (unsigned long long)(statted ? st.st_ino : entry->d_ino));
      } else {
        if (!statted && fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
        n = format_tuple(&st, tuple);
      }
      if (append(files, path, child_length + 1) != 0 || append(files, tuple, (size_t)n + 1) != 0) goto failed;
    }
    path[length] = 0;
  }
  if (errno != 0) goto failed;
  closedir(dir);
  return 0;
failed: {
  int error = errno;
  closedir(dir);
  errno = error;
  return -1;
}
}

static int compare_paths(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/*
 * Sorts the records of b (each `fields` NUL-terminated strings, the first a path) by path, in byte
 * order: the order of JavaScript's `<` on the same paths unless one holds a character past U+FFFF
 * (the caller checks, and sorts again where it is not).
 */
static int sort_records(buffer *b, int fields) {
  size_t count = 0;
  for (size_t at = 0; at < b->len; at++)
    if (b->data[at] == 0) count++;
  count /= (size_t)fields;
  if (count < 2) return 0;
  const char **records = malloc(count * sizeof *records);
  char *sorted = malloc(b->len);
  if (!records || !sorted) {
    free(records);
    free(sorted);
    errno = ENOMEM;
    return -1;
  }
  const char *at = b->data;
  for (size_t k = 0; k < count; k++) {
    records[k] = at;
    for (int field = 0; field < fields; field++) at += strlen(at) + 1;
  }
  qsort(records, count, sizeof *records, compare_paths);
  size_t length = 0;
  for (size_t k = 0; k < count; k++) {
    const char *end = records[k];
    for (int field = 0; field < fields; field++) end += strlen(end) + 1;
    memcpy(sorted + length, records[k], (size_t)(end - records[k]));
    length += (size_t)(end - records[k]);
  }
  free(records);
  free(b->data);
  b->data = sorted;
  b->cap = b->len;
  return 0;
}

static napi_value StatTree(napi_env env, napi_callback_info info) {
  size_t argc = 2, length = 0;
  napi_value argv[2];
  char root[4096], path[4096];
  bool inodes_only = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], root, sizeof root, &length) != napi_ok || length >= sizeof root - 1 ||
      (argc > 1 && napi_get_value_bool(env, argv[1], &inodes_only) != napi_ok)) {
    napi_throw_type_error(env, NULL, "statTree(root, inodesOnly?) takes a path and a boolean");
    return NULL;
  }
  buffer files = {0}, folders = {0}, paths = {0}, tuples = {0};
  path[0] = 0;
  int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT) goto failed;
  if (fd >= 0 && walk(fd, path, 0, &files, &folders, inodes_only) != 0) goto failed;
  if (!inodes_only && (sort_records(&files, 2) != 0 || sort_records(&folders, 1) != 0)) goto failed;
  /* The paths and the tuples apart, each a text the caller can split (or pass on) as it is. */
  for (size_t at = 0; at < files.len;) {
    size_t path_length = strlen(files.data + at) + 1;
    const char *tuple = files.data + at + path_length;
    size_t tuple_length = strlen(tuple) + 1;
    if (append(&paths, files.data + at, path_length) != 0 || append(&tuples, tuple, tuple_length) != 0) goto failed;
    at += path_length + tuple_length;
  }
  napi_value result, path_text, tuple_text, folder_text;
  napi_create_array_with_length(env, 3, &result);
  napi_create_string_utf8(env, paths.data ? paths.data : "", paths.len, &path_text);
  napi_create_string_utf8(env, tuples.data ? tuples.data : "", tuples.len, &tuple_text);
  napi_create_string_utf8(env, folders.data ? folders.data : "", folders.len, &folder_text);
  napi_set_element(env, result, 0, path_text);
  napi_set_element(env, result, 1, tuple_text);
  napi_set_element(env, result, 2, folder_text);
  free(files.data);
  free(paths.data);
  free(tuples.data);
  free(folders.data);
  return result;
failed: {
  char code[16];
  snprintf(code, sizeof code, "%d", errno);
  free(files.data);
  free(paths.data);
  free(tuples.data);
  free(folders.data);
  napi_throw_error(env, code, "statTree failed");
  return NULL;
}
}

/* A JS string argument as a malloc'd UTF-8 copy (NULs inside kept), or NULL. */
static char *string_argument(napi_env env, napi_value value, size_t *length) {
  if (napi_get_value_string_utf8(env, value, NULL, 0, length) != napi_ok) return NULL;
  char *text = malloc(*length + 1);
  if (text && napi_get_value_string_utf8(env, value, text, *length + 1, length) != napi_ok) {
    free(text);
    return NULL;
  }
  return text;
}

static int link_refused(int error) {
  return error == EPERM || error == EXDEV || error == EMLINK || error == ENOTSUP || error == EOPNOTSUPP;
}

/* Whether two stat tuples agree but in ctime, their last field. */
static int same_but_ctime(const char *a, size_t a_length, const char *b) {
  size_t a_end = a_length;
  while (a_end > 0 && a[a_end - 1] != ':') a_end--;
  const char *b_end = strrchr(b, ':');
  return a_end > 0 && b_end && (size_t)(b_end - b) == a_end - 1 && memcmp(a, b, a_end - 1) == 0;
}

static napi_value LinkFiles(napi_env env, napi_callback_info info) {
  size_t argc = 4, from_length = 0, to_length = 0, paths_length = 0, expected_length = 0;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int ok = argc == 3 || argc == 4;
  char *from = ok ? string_argument(env, argv[0], &from_length) : NULL;
  char *to = ok ? string_argument(env, argv[1], &to_length) : NULL;
  char *paths = ok ? string_argument(env, argv[2], &paths_length) : NULL;
  /* The scan's tuple of each file: a link that differs from it but in ctime (a link changes only that) is marked '!'. */
  char *expected = argc == 4 ? string_argument(env, argv[3], &expected_length) : NULL;
  if (!from || !to || !paths || (argc == 4 && !expected)) {
    free(from);
    free(to);
    free(paths);
    free(expected);
    napi_throw_type_error(env, NULL, "linkFiles(fromRoot, toRoot, paths, expectedTuples?) takes three or four strings");
    return NULL;
  }
  const char *expect = expected;
  buffer tuples = {0};
  int from_fd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int to_fd = from_fd < 0 ? -1 : open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (to_fd < 0) goto failed;
  for (size_t at = 0; at < paths_length;) {
    const char *name = paths + at;
    size_t name_length = strlen(name);
    at += name_length + 1;
    char tuple[TUPLE_SIZE];
    int n = 0;
    struct stat st;
    if (linkat(from_fd, name, to_fd, name, 0) == 0) {
      if (fstatat(to_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
      n = format_tuple(&st, tuple);
      if (expect && expect < expected + expected_length && !same_but_ctime(tuple, (size_t)n, expect) && append(&tuples, "!", 1) != 0)
        goto failed;
    } else if (!link_refused(errno)) {
      goto failed;
    }
    if (expect && expect < expected + expected_length) expect += strlen(expect) + 1;
    if (append(&tuples, tuple, (size_t)n) != 0 || append(&tuples, "", 1) != 0) goto failed;
  }
  close(from_fd);
  close(to_fd);
  free(from);
  free(to);
  free(paths);
  free(expected);
  napi_value result;
  napi_create_string_utf8(env, tuples.data ? tuples.data : "", tuples.len, &result);
  free(tuples.data);
  return result;
failed: {
  int error = errno;
  char code[16];
  snprintf(code, sizeof code, "%d", error);
  if (from_fd >= 0) close(from_fd);
  if (to_fd >= 0) close(to_fd);
  free(from);
  free(to);
  free(paths);
  free(expected);
  free(tuples.data);
  napi_throw_error(env, code, "linkFiles failed");
  return NULL;
}
}

typedef struct {
  struct iovec *iov;
  int count;
  char *owned; /* a string's UTF-8, copied on the main thread */
} file_content;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref contents; /* keeps the Buffers alive while the pool writes them */
  char *root, *incoming, *targets, *reuse;
  size_t targets_length, reuse_length, count;
  int new_file_mode; /* 0666 less the umask; -1 when unknown (nothing is reused) */
  file_content *files;
  buffer tuples;
  int error;
  size_t failed_at;
  const char *syscall;
} write_job;

static void free_write_job(napi_env env, write_job *job) {
  if (job->contents) napi_delete_reference(env, job->contents);
  for (size_t i = 0; job->files && i < job->count; i++) {
    free(job->files[i].iov);
    free(job->files[i].owned);
  }
  free(job->files);
  free(job->root);
  free(job->incoming);
  free(job->targets);
  free(job->reuse);
  free(job->tuples.data);
  free(job);
}

/* Writes every iovec of a file, again from where a short write stopped. */
static int write_all(int fd, struct iovec *iov, int count) {
  for (;;) {
    while (count > 0 && iov->iov_len == 0) {
      iov++;
      count--;
    }
    if (count == 0) return 0;
    ssize_t n = writev(fd, iov, count > IOV_MAX ? IOV_MAX : count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    while (count > 0 && n > 0 && (size_t)n >= iov->iov_len) {
      n -= (ssize_t)iov->iov_len;
      iov++;
      count--;
    }
    if (n > 0) {
      iov->iov_base = (char *)iov->iov_base + n;
      iov->iov_len -= (size_t)n;
    }
  }
}

/* The file at reuse (under root) opened for writing when only this user's new file could be it; else -1. */
static int open_reusable(int root_fd, const char *reuse, int new_file_mode) {
  if (reuse[0] == 0 || new_file_mode < 0) return -1;
  /* O_NONBLOCK: a FIFO there fails to open instead of waiting for a reader. */
  int fd = openat(root_fd, reuse, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid() || (int)(st.st_mode & 07777) != new_file_mode) {
    close(fd);
    return -1;
  }
  return fd;
}

/* 0666 less this process's umask, read without changing it (umask(2) would, for every thread); -1 when unknown. */
static int new_file_mode(void) {
  FILE *status = fopen("/proc/self/status", "re");
  if (!status) return -1;
  char line[256];
  int mode = -1;
  while (fgets(line, sizeof line, status)) {
    unsigned int mask;
    if (sscanf(line, "Umask: %o", &mask) == 1) {
      mode = (int)(0666 & ~mask);
      break;
    }
  }
  fclose(status);
  return mode;
}

static void execute_write(napi_env env, void *data) {
  (void)env;
  write_job *job = data;
  int root_fd = open(job->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) {
    job->error = errno;
    job->syscall = "open";
    return;
  }
  const char *target = job->targets;
  const char *reuse = job->reuse;
  for (size_t i = 0; i < job->count; i++) {
    char created[PATH_MAX];
    snprintf(created, sizeof created, "%s/%zu", job->incoming, i);
    job->failed_at = i;
    job->syscall = "open";
    int fd = reuse ? open_reusable(root_fd, reuse, job->new_file_mode) : -1;
    bool reused = fd >= 0;
    if (reused) {
      if (strlen(reuse) >= sizeof created) {
        close(fd);
        errno = ENAMETOOLONG;
        goto failed;
      }
      strcpy(created, reuse);
    } else {
      fd = openat(root_fd, created, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd < 0) goto failed;
    }
    if (reuse) reuse += strlen(reuse) + 1;
    /* Summed before the write, which consumes the iovecs. */
    off_t length = 0;
    for (int c = 0; reused && c < job->files[i].count; c++) length += (off_t)job->files[i].iov[c].iov_len;
    job->syscall = "write";
    int written = write_all(fd, job->files[i].iov, job->files[i].count);
    /* A reused file may be longer than its new content. */
    if (written == 0 && reused) {
      job->syscall = "ftruncate";
      written = ftruncate(fd, length);
    }
    if (written != 0) {
      int error = errno;
      close(fd);
      errno = error;
      goto failed;
    }
    job->syscall = "close";
    if (close(fd) != 0) goto failed;
    job->syscall = "rename";
    if (renameat(root_fd, created, root_fd, target) != 0) goto failed;
    job->syscall = "lstat";
    struct stat st;
    if (fstatat(root_fd, target, &st, AT_SYMLINK_NOFOLLOW) != 0) goto failed;
    char tuple[TUPLE_SIZE];
    int n = format_tuple(&st, tuple);
    job->syscall = "write";
    if (append(&job->tuples, tuple, (size_t)n) != 0 || append(&job->tuples, "", 1) != 0) goto failed;
    target += strlen(target) + 1;
  }
  close(root_fd);
  return;
failed:
  job->error = errno;
  close(root_fd);
}

static void complete_write(napi_env env, napi_status status, void *data) {
  write_job *job = data;
  napi_value value;
  if (status == napi_ok && job->error == 0) {
    napi_create_string_utf8(env, job->tuples.data ? job->tuples.data : "", job->tuples.len, &value);
    napi_resolve_deferred(env, job->deferred, value);
  } else {
    char code[16];
    snprintf(code, sizeof code, "%d", status == napi_ok ? job->error : ECANCELED);
    napi_value code_value, message, index, syscall;
    napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
    napi_create_string_utf8(env, "writeFiles failed", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, code_value, message, &value);
    napi_create_int64(env, (int64_t)job->failed_at, &index);
    napi_set_named_property(env, value, "index", index);
    napi_create_string_utf8(env, job->syscall ? job->syscall : "open", NAPI_AUTO_LENGTH, &syscall);
    napi_set_named_property(env, value, "syscall", syscall);
    napi_reject_deferred(env, job->deferred, value);
  }
  napi_delete_async_work(env, job->work);
  free_write_job(env, job);
}

static napi_value WriteFiles(napi_env env, napi_callback_info info) {
  size_t argc = 5, root_length = 0, incoming_length = 0;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  write_job *job = calloc(1, sizeof *job);
  bool is_array = false;
  uint32_t count = 0;
  if (!job || argc < 4) goto invalid;
  job->root = string_argument(env, argv[0], &root_length);
  job->incoming = string_argument(env, argv[1], &incoming_length);
  job->targets = string_argument(env, argv[2], &job->targets_length);
  if (!job->root || !job->incoming || !job->targets || napi_is_array(env, argv[3], &is_array) != napi_ok || !is_array) goto invalid;
  napi_get_array_length(env, argv[3], &count);
  size_t targets = 0;
  for (size_t at = 0; at < job->targets_length; at += strlen(job->targets + at) + 1) targets++;
  if (targets != count) goto invalid;
  napi_valuetype reuse_type = napi_undefined;
  if (argc == 5) napi_typeof(env, argv[4], &reuse_type);
  if (reuse_type != napi_undefined) {
    job->reuse = string_argument(env, argv[4], &job->reuse_length);
    /* One entry per target: "a\0\0b\0" is three. */
    long entries = 0;
    for (size_t at = 0; job->reuse && at < job->reuse_length; at++) entries += job->reuse[at] == 0;
    if (!job->reuse || entries != (long)count || (job->reuse_length > 0 && job->reuse[job->reuse_length - 1] != 0)) goto invalid;
    job->new_file_mode = new_file_mode();
  }
  job->count = count;
  job->files = calloc(count ? count : 1, sizeof *job->files);
  if (!job->files) goto invalid;
  for (uint32_t i = 0; i < count; i++) {
    napi_value content;
    napi_valuetype type;
    napi_get_element(env, argv[3], i, &content);
    napi_typeof(env, content, &type);
    file_content *file = &job->files[i];
    if (type == napi_string) {
      size_t length = 0;
      file->owned = string_argument(env, content, &length);
      file->iov = malloc(sizeof *file->iov);
      if (!file->owned || !file->iov) goto invalid;
      file->iov[0].iov_base = file->owned;
      file->iov[0].iov_len = length;
      file->count = 1;
      continue;
    }
    bool chunks = false;
    uint32_t chunk_count = 0;
    if (napi_is_array(env, content, &chunks) != napi_ok || !chunks) goto invalid;
    napi_get_array_length(env, content, &chunk_count);
    file->iov = malloc((chunk_count ? chunk_count : 1) * sizeof *file->iov);
    if (!file->iov) goto invalid;
    file->count = (int)chunk_count;
    for (uint32_t c = 0; c < chunk_count; c++) {
      napi_value chunk;
      void *bytes = NULL;
      size_t length = 0;
      bool is_buffer = false;
      napi_get_element(env, content, c, &chunk);
      if (napi_is_buffer(env, chunk, &is_buffer) != napi_ok || !is_buffer || napi_get_buffer_info(env, chunk, &bytes, &length) != napi_ok) goto invalid;
      file->iov[c].iov_base = bytes;
      file->iov[c].iov_len = length;
    }
  }
  napi_value promise, name;
  if (napi_create_reference(env, argv[3], 1, &job->contents) != napi_ok || napi_create_promise(env, &job->deferred, &promise) != napi_ok) goto invalid;
  napi_create_string_utf8(env, "writeFiles", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, execute_write, complete_write, job, &job->work) != napi_ok) goto invalid;
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    goto invalid;
  }
  return promise;
invalid:
  if (job) free_write_job(env, job);
  napi_throw_type_error(env, NULL,
                        "writeFiles(root, incoming, targets, contents[, reuse]) takes three strings, an array of strings or Buffer arrays, one per target, and a string of one NUL-terminated path per target");
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn, version;
  /* What src/output/_stat-tree-addon.ts expects (STAT_TREE_API): raised with any change of a call's shape. */
  napi_create_uint32(env, 2, &version);
  napi_set_named_property(env, exports, "apiVersion", version);
  napi_create_function(env, "statTree", NAPI_AUTO_LENGTH, StatTree, NULL, &fn);
  napi_set_named_property(env, exports, "statTree", fn);
  napi_create_function(env, "linkFiles", NAPI_AUTO_LENGTH, LinkFiles, NULL, &fn);
  napi_set_named_property(env, exports, "linkFiles", fn);
  napi_create_function(env, "writeFiles", NAPI_AUTO_LENGTH, WriteFiles, NULL, &fn);
  napi_set_named_property(env, exports, "writeFiles", fn);
  return exports;
}
