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
	// Jira Cloud's columns for the status category, the creator and the
	// people's account ids, as a German export names them; the other
	// languages' names are not known here, so those columns go unread.
	colCategory:   {"Statuskategorie"},
	colCreator:    {"Ersteller"},
	colReporterID: {"ID des Autors"},
	colAssigneeID: {"ID der zugewiesenen Person"},
	colCreatorID:  {"Ersteller-ID"},
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
// Jira's German, Spanish, French and Portuguese (Brazil) user interfaces,
// and the common statuses of Jira Software and Service Management
// workflows (review, escalation, approval, declined), as display names in
// lower case, to the English names that status and
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
	// Workflow statuses of Jira Software and Jira Service Management
	// beyond the defaults: review, escalation, approval, declines.
	"in bearbeitung": "In Progress", "in prüfung": "In Review", "in überprüfung": "In Review",
	"in review": "In Review", "eskaliert": "Escalated", "in untersuchung": "Under investigation",
	"wird untersucht": "Under investigation", "ausgewählt für die entwicklung": "Selected for Development",
	"warten auf genehmigung": "Waiting for approval", "wartet auf genehmigung": "Waiting for approval",
	"warten auf freigabe": "Waiting for approval", "wartet auf kunde": "Waiting for customer",
	"warten auf den kunden": "Waiting for customer", "wartet auf support": "Waiting for support",
	"warten auf den support": "Waiting for support", "angehalten": "On Hold", "blockiert": "Blocked",
	"abgelehnt": "Declined", "zurückgewiesen": "Rejected", "storniert": "Canceled",
	"abgeschlossen": "Closed", "erneut geöffnet": "Reopened",
	"en revisión": "In Review", "en revision": "In Review", "trabajo en curso": "Work in progress",
	"escalada": "Escalated", "escalado": "Escalated", "en investigación": "Under investigation",
	"seleccionado para desarrollo": "Selected for Development",
	"esperando aprobación":         "Waiting for approval", "esperando la aprobación": "Waiting for approval",
	"en espera de aprobación": "Waiting for approval", "esperando cliente": "Waiting for customer",
	"esperando al soporte": "Waiting for support", "en espera": "On Hold",
	"bloqueada": "Blocked", "bloqueado": "Blocked", "rechazada": "Declined", "rechazado": "Declined",
	"denegada": "Declined", "denegado": "Declined", "completada": "Done", "completado": "Done",
	"en cours de traitement": "In Progress", "en révision": "In Review", "en cours de révision": "In Review",
	"en revue": "In Review", "en cours d'examen": "In Review", "escaladé": "Escalated", "escaladée": "Escalated",
	"en cours d'investigation": "Under investigation", "sélectionné pour le développement": "Selected for Development",
	"en attente d'approbation": "Waiting for approval", "en attente de validation": "Waiting for approval",
	"en attente de client": "Waiting for customer", "en attente du support": "Waiting for support",
	"bloqué": "Blocked", "bloquée": "Blocked", "refusé": "Declined", "refusée": "Declined",
	"refusé(e)": "Declined", "rejeté": "Rejected", "rejetée": "Rejected", "rejeté(e)": "Rejected",
	"em revisão": "In Review", "em análise": "In Review", "trabalho em andamento": "Work in progress",
	"em atendimento": "In Progress", "em investigação": "Under investigation",
	"selecionado para desenvolvimento": "Selected for Development",
	"aguardando aprovação":             "Waiting for approval", "aguardando o cliente": "Waiting for customer",
	"aguardando o suporte": "Waiting for support", "em espera": "On Hold",
	"recusado": "Declined", "recusada": "Declined", "rejeitado": "Rejected", "rejeitada": "Rejected",
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

// englishValue is v's English name when v is one of localValues; a
// typographic apostrophe (en attente d’approbation) reads as a plain one.
func englishValue(v string) string {
	if en, ok := localValues[strings.ReplaceAll(fold(v), "\u2019", "'")]; ok {
		return en
	}
	return v
}
