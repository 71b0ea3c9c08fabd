/* conv_table.h — `chatguard check --conversation`: the conversation state of each "conversation" id. */
#ifndef CG_CLI_CONV_TABLE_H
#define CG_CLI_CONV_TABLE_H

#include <stddef.h>

#include "chatguard.h"

typedef struct conv_table conv_table;

conv_table *conv_table_new(const cg_conversation_options *opts);
/* The conversation of id (its raw JSON text), created empty on first use; NULL when memory runs out. */
cg_conversation *conv_table_get(conv_table *t, const char *id, size_t len);
size_t conv_table_count(const conv_table *t);
void conv_table_free(conv_table *t);

#endif
