/* hostile.c — hostile inputs cost time linear in their length (make bench-hostile).
 *
 * Each input is one unit repeated to 100 KB, 1 MB and 10 MB: ordinary letters, мат glued into one huge
 * word, combining marks, zero-width characters, nested brackets, phone numbers, invalid bytes, e-mail
 * addresses, single digits with spaces (one endless "number"), letter-spaced мат. Prints the time, ns per
 * byte (flat = linear), hits and flags (4 = truncated: too many matches, the verdict stands). */
#include "chatguard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(void){ cg_options o=CG_OPTIONS_INIT; o.max_message_bytes=64u<<20; cg_engine*e; if(cg_engine_load(NULL,"wb",&o,&e,NULL))return 1; cg_scanner*s; cg_scanner_new(&s);
 const char *units[]={"а","хуйхуй","\xcc\x81","\xe2\x80\x8b","(","89161234567 ","\xff","ivan@mail.ru ","8 ","х у й "};
 for(int u=0;u<10;u++){ for(size_t size=100000; size<=10000000; size*=10){ size_t ul=strlen(units[u]); size_t n=size/ul*ul; char*b=malloc(n+1); for(size_t i=0;i<n;i+=ul) memcpy(b+i,units[u],ul);
   cg_result r; double t0=now(); int rc=cg_check_message(e,s,b,n,NULL,&r); double t=now()-t0;
   printf("%-14.14s %9zu B rc=%d %6.1f ms %6.1f ns/B hits=%zu flags=%u\n", u==2?"combining":u==3?"zero-width":u==6?"invalid":units[u], n, rc, t*1e3, t/n*1e9, r.n_hits, r.flags); fflush(stdout); free(b);} }
 cg_scanner_free(s); cg_engine_unref(e); }
