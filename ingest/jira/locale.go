package jira

import (
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/ingest/csvfile"
)

// localHeaders maps the column names of exports made in Jira's German,
// Spanish, French and Portuguese (Brazil) user interfaces to the English
// names the connector looks up. Jira names each column after the field's
// display name in the exporting user's language; the table maps those
// display names, as the language packs of Jira Cloud and Server/Data
// Center spell them (several wordings where versions differ). Names that
// are the same in English ("Status", "Description") need no entry.
var localHeaders = map[string][]string{
	colKey: {
		"Schlüssel", "Vorgangsschlüssel", // de
		"Clave de incidencia", "Clave", // es
		"Clé de ticket", "Clé de la demande", "Clé", // fr
		"Chave do item", "Chave da item", "Chave da issue", "Chave", // pt
	},
	"Issue id": {
		"Vorgangs-ID", "ID des Vorgangs",
		"ID de incidencia", "ID de la incidencia",
		"ID de ticket", "ID de la demande",
		"ID do item", "ID da item",
	},
	colSummary:  {"Zusammenfassung", "Resumen", "Résumé", "Resumo"},
	colType:     {"Vorgangstyp", "Tipo de incidencia", "Type de ticket", "Type de demande", "Tipo de item", "Tipo de issue", "Tipo de pendência"},
	colStatus:   {"Estado", "État", "Statut"},
	colPriority: {"Priorität", "Prioridad", "Priorité", "Prioridade"},
	colResolution: {
		"Lösung", "Resolución", "Résolution", "Resolução",
	},
	colAssignee: {"Bearbeiter", "Zugewiesene Person", "Responsable", "Persona asignada", "Personne assignée", "Responsável"},
	colReporter: {"Autor", "Informador", "Rapporteur", "Relator"},
	colCreated:  {"Erstellt", "Creada", "Creado", "Création", "Créé", "Créée", "Criado", "Criada"},
	colUpdated:  {"Aktualisiert", "Actualizada", "Actualizado", "Mise à jour", "Mis à jour", "Atualizado", "Atualizada", "Atualizado(a)"},
	colResolved: {"Erledigt", "Resuelta", "Resuelto", "Résolue", "Résolu", "Resolvido", "Resolvida"},
	colDescription: {
		"Beschreibung", "Descripción", "Descrição",
	},
	colComponents:  {"Komponenten", "Komponente/n", "Componente/s", "Componentes", "Composant/s", "Composants"},
	colLabels:      {"Stichwörter", "Etiquetas", "Étiquettes", "Rótulos"},
	colComment:     {"Kommentar", "Comentario", "Commentaire", "Comentário"},
	colLogWork:     {"Arbeit protokollieren", "Registrar trabajo", "Enregistrer le travail", "Registrar trabalho"},
	colTimeSpent:   {"Benötigte Zeit", "Aufgewendete Zeit", "Tiempo invertido", "Tiempo empleado", "Temps passé", "Temps consacré", "Tempo gasto"},
	colProjectName: {"Projektname", "Nombre del proyecto", "Nom du projet", "Nome do projeto"},
	"Team":         {"Equipo", "Équipe", "Equipe"},
}

// customPrefixes are the localized forms of the "Custom field (" that
// starts the name of every custom field's column.
var customPrefixes = []string{
	"benutzerdefiniertes feld (", // de
	"campo personalizado (",      // es, pt
	"champ personnalisé (",       // fr
	"champs personnalisés (",     // fr, as some French exports spell it
}

// headerNames maps a folded display name to its English column name.
var headerNames = func() map[string]string {
	out := map[string]string{}
	for en, names := range localHeaders {
		for _, n := range names {
			k := fold(n)
			if prev, ok := out[k]; ok && prev != en {
				panic(fmt.Sprintf("jira header %q maps to both %q and %q", n, prev, en))
			}
			out[k] = en
		}
	}
	return out
}()

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// canonicalHeader is h with localized column names replaced by the English
// ones, for looking columns up; positions (and so repeated columns) stay
// as they are. A localized name is left alone when the header also has the
// English name it would become, so a mixed header never merges two
// different columns. It reports whether any name was translated.
func canonicalHeader(h *csvfile.Header) (*csvfile.Header, bool) {
	names := h.Names()
	english := map[string]bool{}
	for _, n := range names {
		english[fold(n)] = true
	}
	changed := false
	for i, n := range names {
		k := fold(n)
		if en, ok := headerNames[k]; ok && !english[fold(en)] {
			names[i], changed = en, true
			continue
		}
		for _, p := range customPrefixes {
			if strings.HasPrefix(k, p) {
				en := "Custom field (" + strings.TrimSpace(n)[len(p):]
				if !english[fold(en)] {
					names[i], changed = en, true
				}
				break
			}
		}
	}
	if !changed {
		return h, false
	}
	return csvfile.NewHeader(names), true
}

// localValues maps the default status, resolution and priority names of
// Jira's German, Spanish, French and Portuguese (Brazil) user interfaces
// (display names, lower case) to the English names that status and
// ingest.NormalizePriority know. Only files with a localized header use
// it; the raw values are kept as written.
var localValues = map[string]string{
	// Statuses.
	"offen": "Open", "in arbeit": "In Progress", "erledigt": "Done", "fertig": "Done",
	"zu erledigen": "To Do", "geschlossen": "Closed", "gelöst": "Resolved", "wieder geöffnet": "Reopened",
	"abgebrochen": "Canceled", "warten auf kunde": "Waiting for customer", "warten auf support": "Waiting for support",
	"ausstehend": "Pending",
	"abierta":    "Open", "abierto": "Open", "en curso": "In Progress", "en progreso": "In Progress",
	"listo": "Done", "hecho": "Done", "finalizada": "Done", "por hacer": "To Do", "tareas por hacer": "To Do",
	"cerrada": "Closed", "cerrado": "Closed", "resuelta": "Resolved", "resuelto": "Resolved",
	"reabierta": "Reopened", "reabierto": "Reopened", "cancelada": "Canceled", "cancelado": "Canceled",
	"esperando al cliente": "Waiting for customer", "esperando soporte": "Waiting for support", "pendiente": "Pending",
	"ouvert": "Open", "ouverte": "Open", "ouvert(e)": "Open", "en cours": "In Progress",
	"terminé": "Done", "terminée": "Done", "terminé(e)": "Done", "à faire": "To Do",
	"fermé": "Closed", "fermée": "Closed", "fermé(e)": "Closed", "résolu": "Resolved", "résolue": "Resolved",
	"résolu(e)": "Resolved", "rouvert": "Reopened", "réouvert": "Reopened", "annulé": "Canceled", "annulée": "Canceled",
	"en attente du client": "Waiting for customer", "en attente de l'assistance": "Waiting for support", "en attente": "Pending",
	"aberto": "Open", "aberta": "Open", "aberto(a)": "Open", "em andamento": "In Progress", "em progresso": "In Progress",
	"concluído": "Done", "concluída": "Done", "itens concluídos": "Done", "a fazer": "To Do", "itens pendentes": "To Do",
	"fechado": "Closed", "fechada": "Closed", "resolvido": "Resolved", "resolvida": "Resolved",
	"reaberto": "Reopened", "reaberta": "Reopened", "aguardando cliente": "Waiting for customer",
	"aguardando suporte": "Waiting for support", "pendente": "Pending",
	// Resolutions that drop the work (others read as statuses above).
	"wird nicht erledigt": "Won't Do", "wird nicht behoben": "Won't Fix", "duplikat": "Duplicate",
	"no se hará": "Won't Do", "no se corregirá": "Won't Fix", "duplicado": "Duplicate", "duplicada": "Duplicate",
	"ne sera pas fait": "Won't Do", "ne sera pas corrigé": "Won't Fix", "doublon": "Duplicate",
	"não será feito": "Won't Do", "não será corrigido": "Won't Fix",
	// Priorities.
	"höchste": "Highest", "hoch": "High", "mittel": "Medium", "niedrig": "Low", "niedrigste": "Lowest",
	"más alta": "Highest", "muy alta": "Highest", "alta": "High", "media": "Medium", "baja": "Low",
	"más baja": "Lowest", "muy baja": "Lowest",
	"la plus haute": "Highest", "très haute": "Highest", "haute": "High", "élevée": "High", "moyenne": "Medium",
	"basse": "Low", "faible": "Low", "la plus basse": "Lowest", "très basse": "Lowest",
	"mais alta": "Highest", "muito alta": "Highest", "média": "Medium", "baixa": "Low",
	"mais baixa": "Lowest", "muito baixa": "Lowest",
}

// englishValue is v's English name when v is one of localValues.
func englishValue(v string) string {
	if en, ok := localValues[fold(v)]; ok {
		return en
	}
	return v
}
